"""Fixtures shared with the resumes tests."""

from tests.tenant_apps.employment_resumes.conftest import (  # noqa: F401 - fixtures re-exported
    COMPLETE,
    complete_resume,
    counsellor,
    graduate,
    hr_user,
    in_alpha,
    live_job,
    staff_with,
)
