from tests.tenant_apps.employment_destinations.conftest import world  # noqa: F401
from tests.tenant_apps.employment_students.conftest import admin_alpha  # noqa: F401
