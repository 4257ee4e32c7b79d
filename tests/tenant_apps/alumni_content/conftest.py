from tests.tenant_apps.alumni_records.conftest import alumni_office, records_keeper  # noqa: F401 - fixtures re-exported
