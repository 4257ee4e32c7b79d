"""The vendor console shows a tenant's face-search head count against the filing threshold,
read through the usage counter hook (shared_apps import nothing from the albums app)."""

from __future__ import annotations

import pytest

from tests.shared_apps.console.conftest import console, staff, staff_console, staff_secret  # noqa: F401 - the console's fixtures

from .conftest import make_user, picture

pytestmark = pytest.mark.django_db


def test_console_tenant_page_shows_the_filing_figure(staff_console):  # noqa: F811
    from django_tenants.utils import schema_context

    from tenant_apps.alumni.albums import services

    with schema_context("alpha"):
        services.face_enrol(actor=make_user(), selfie=picture("obama.jpg"), agreed=True)
    html = staff_console.get("/tenants/alpha/").content.decode()
    assert 'data-face-filing="1"' in html and "备案门槛 100000 人" in html
