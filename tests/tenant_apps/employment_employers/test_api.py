"""Employers API: list, detail, review, permissions, lists, statistics; 403 without the
permission, 404 across tenants."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_employers.conftest import (
    make_approved,
    new_credit_code,
    register,
    staff_with,
)

pytestmark = pytest.mark.django_db


def test_list_and_detail_mask_the_phone(admin_client_a, in_alpha):
    employer = make_approved(in_alpha, contact_phone="13911113333")
    body = admin_client_a.get(reverse("api:employment_employers:employer-list"), {"status": "approved"}).json()
    assert any(row["id"] == employer.pk and row["contact_phone"] == "139****3333" for row in body["results"])
    detail = admin_client_a.get(reverse("api:employment_employers:employer-detail", args=[employer.pk])).json()
    assert detail["credit_code"] == employer.credit_code and detail["can_post_jobs"] is True


def test_review_through_the_api(admin_client_a, in_alpha):
    employer = register()
    url = reverse("api:employment_employers:employer-review", args=[employer.pk])
    response = admin_client_a.post(url, {"action": "decline", "text": ""}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "decline_reason_required"
    assert admin_client_a.post(url, {"action": "comment", "text": "请补充"}, content_type="application/json").json()["status"] == "in_progress"
    assert admin_client_a.post(url, {"action": "approve"}, content_type="application/json").json()["status"] == "approved"
    assert admin_client_a.post(url, {"action": "approve"}, content_type="application/json").status_code == 409
    assert len(admin_client_a.get(url).json()) == 1


def test_create_rejects_bad_credit_code(admin_client_a, in_alpha):
    body = {"name": "接口单位", "credit_code": "91110000600037341M", "nature": "private", "industry": "I", "size": "small",
            "contact_name": "王", "contact_phone": "13900001111"}
    response = admin_client_a.post(reverse("api:employment_employers:employer-list"), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_credit_code"
    body["credit_code"] = new_credit_code()
    assert admin_client_a.post(reverse("api:employment_employers:employer-list"), body, content_type="application/json").status_code == 201


def test_lists_and_statistics(admin_client_a, in_alpha):
    code = new_credit_code()
    response = admin_client_a.post(reverse("api:employment_employers:list-entry-list"), {"kind": "black", "credit_code": code, "reason": "虚假"},
                                   content_type="application/json")
    assert response.status_code == 201
    entry_id = response.json()["id"]
    assert admin_client_a.delete(reverse("api:employment_employers:list-entry-detail", args=[entry_id])).status_code == 204
    with schema_context("alpha"):
        make_approved(in_alpha, size="huge")
    rows = admin_client_a.get(reverse("api:employment_employers:employer-statistics"), {"by": "size"}).json()
    assert {row["key"] for row in rows} >= {"huge"}


def test_permissions_are_required(client_a, in_alpha):
    employer = register()
    client_a.login_as(staff_with("employment_employers.view_employer"))
    assert client_a.get(reverse("api:employment_employers:employer-list")).status_code == 200
    assert client_a.post(reverse("api:employment_employers:employer-review", args=[employer.pk]), {"action": "approve"},
                         content_type="application/json").status_code == 403
    assert client_a.get(reverse("api:employment_employers:employer-statistics")).status_code == 403
    assert client_a.get(reverse("api:employment_employers:list-entry-list")).status_code == 403


def test_other_tenant_gets_404(admin_client_b, in_alpha):
    employer = register()
    assert admin_client_b.get(reverse("api:employment_employers:employer-detail", args=[employer.pk])).status_code == 404
    assert admin_client_b.post(reverse("api:employment_employers:employer-review", args=[employer.pk]), {"action": "approve"},
                               content_type="application/json").status_code == 404
    with schema_context("alpha"):
        employer.refresh_from_db()
        assert employer.status == "pending"
