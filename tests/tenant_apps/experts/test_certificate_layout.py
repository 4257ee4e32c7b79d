"""Issue 12 item 9: a custom certificate layout survives editing through the page (it used to
be shown as a Python repr, which the next save could not read)."""

import html
import json
import re

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.experts.conftest import make_expert

pytestmark = pytest.mark.django_db

LAYOUT = [{"field": "title", "x": 0, "y": 40, "size": 30}, {"field": "name", "x": 40.5, "y": 80, "size": 20},
          {"field": "qr", "x": 240, "y": 140, "size": 36}]


def _textarea(body: str) -> str:
    match = re.search(r'<textarea id="t-layout"[^>]*>(.*?)</textarea>', body, re.S)
    assert match, "layout textarea missing"
    return html.unescape(match.group(1))


def test_layout_round_trips_through_the_edit_page(admin_client_bureau):
    page = reverse("backoffice:experts:certificate_list")
    created = admin_client_bureau.post(page, {"name": "自定义版式", "title_text": "聘书", "body_text": "兹聘请 {name}", "validity_years": "3",
                                              "layout": json.dumps(LAYOUT), "is_active": "1"})
    assert created.status_code == 302
    with schema_context("bureau"):
        from tenant_apps.experts.models import CertificateTemplate

        template = CertificateTemplate.objects.get(name="自定义版式")
        assert template.layout == LAYOUT
    shown = _textarea(admin_client_bureau.get(page + f"?edit={template.pk}").content.decode())
    assert json.loads(shown) == LAYOUT  # JSON, not "[{'field': ...}]"
    # Saving the edit form unchanged keeps the layout, twice over.
    for _ in range(2):
        saved = admin_client_bureau.post(page, {"template": template.pk, "name": "自定义版式", "title_text": "聘书", "body_text": "兹聘请 {name}",
                                                "validity_years": "3", "layout": shown, "is_active": "1"}, follow=True)
        assert "证书模板已保存" in saved.content.decode()
        shown = _textarea(admin_client_bureau.get(page + f"?edit={template.pk}").content.decode())
    with schema_context("bureau"):
        template.refresh_from_db()
        assert template.layout == LAYOUT
        from tenant_apps.experts import services
        from tenant_apps.experts.documents import certificate_pdf

        expert = make_expert(name="版式专家")
        certificate = services.certificate_issue(actor=None, expert=expert)
        certificate.template = template
        assert certificate_pdf(certificate, verify_url="https://x.test/v/1", issuer="某局").startswith(b"%PDF")
    # Clearing the field goes back to the default layout.
    cleared = admin_client_bureau.post(page, {"template": template.pk, "name": "自定义版式", "title_text": "聘书", "body_text": "兹聘请 {name}",
                                              "validity_years": "3", "layout": "", "is_active": "1"}, follow=True)
    assert "证书模板已保存" in cleared.content.decode()
    with schema_context("bureau"):
        template.refresh_from_db()
        assert template.layout == []


@pytest.mark.parametrize(("text", "message"), [
    ("[{'field': 'title', 'x': 0}]", "JSON 格式有误"),
    ('{"field": "title"}', "须为 JSON 数组"),
    ('[{"field": "photo", "x": 1, "y": 1}]', "field 须为"),
    ('[{"field": "name", "x": "左边", "y": 1}]', "须为数字"),
    ('[{"field": "name", "x": 500, "y": 1}]', "超出页面"),
])
def test_invalid_layout_refused_with_a_message(admin_client_bureau, text, message):
    page = reverse("backoffice:experts:certificate_list")
    response = admin_client_bureau.post(page, {"name": "坏版式", "validity_years": "3", "layout": text, "is_active": "1"}, follow=True)
    assert message in response.content.decode()
    with schema_context("bureau"):
        from tenant_apps.experts.models import CertificateTemplate

        assert not CertificateTemplate.objects.filter(name="坏版式").exists()


def test_api_refuses_an_invalid_layout(admin_client_bureau):
    response = admin_client_bureau.post("/api/v1/experts/certificate-templates/", {"name": "API 版式", "layout": [{"field": "nope"}]},
                                        content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "certificate_layout_invalid"
