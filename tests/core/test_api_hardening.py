"""Malformed input gets a 4xx with the error body, never a 500 (issue 12, item 6): the cases
the fuzzer (tests/architecture/test_api_fuzz.py) found, pinned one by one."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "actor_id=abc",  # a text where a number goes
        "actor_id=99999999999999999999999",  # beyond bigint
        "actor_id=-1.5",
        "action=a%00b",  # NUL character
        "search=x%00",
    ],
)
def test_bad_filter_values_are_400_with_the_error_body(admin_client_a, query):
    response = admin_client_a.get(f"/api/v1/audit-events/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "validation_error"


def test_good_filter_value_still_filters(admin_client_a, admin_a):
    response = admin_client_a.get(f"/api/v1/audit-events/?actor_id={admin_a.pk}")
    assert response.status_code == 200


def test_nul_character_in_a_json_body_is_400(admin_client_a):
    response = admin_client_a.post("/api/v1/messaging/templates/", {"code": "a\x00b", "name": "n"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "validation_error"


@pytest.mark.parametrize("path", ["/api/v1/messaging/templates/1/", "/api/v1/messaging/messages/999999/", "/api/v1/me/"])
def test_options_answers_without_looking_objects_up(admin_client_a, path):
    response = admin_client_a.options(path)
    assert response.status_code == 200
    body = response.json()
    assert "actions" not in body and "GET" in body["allowed_methods"]


@pytest.mark.parametrize("page", ["-3", "0", "abc", "99999999999999999999"])
def test_bad_page_numbers_are_404_not_500(admin_client_a, page):
    response = admin_client_a.get(f"/api/v1/audit-events/?page={page}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
