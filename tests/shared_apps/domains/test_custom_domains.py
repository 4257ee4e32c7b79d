"""Custom domains (P1): a tenant admin adds a domain, proves it with a DNS TXT record (looked up
through dnspython against a local DNS server), and the domain serves the tenant; removed, it
stops. Isolation, permissions and the API."""

from __future__ import annotations

import pytest
from django.test import Client

from core.hosts import forget_custom_hosts
from shared_apps.domains.models import CustomDomain
from shared_apps.provisioning.models import Domain

PAGE = "/admin-ui/domains/"
API = "/api/v1/domains/"


def _add(client, value):
    return client.post(PAGE, {"domain": value})


def test_add_prove_serve_and_remove(admin_client_a, tenant_a, fake_dns, custom_hosts_allowed):
    response = _add(admin_client_a, "HTTPS://Jy.Alpha-School.EDU.cn/")
    assert response.status_code == 302
    custom = CustomDomain.objects.get(tenant=tenant_a)
    assert custom.domain == "jy.alpha-school.edu.cn" and custom.status == "pending"

    page = admin_client_a.get(PAGE).content.decode()
    assert "_campus-verify.jy.alpha-school.edu.cn" in page and custom.txt_value in page

    # Not published yet: the page says what is missing, nothing is served.
    response = admin_client_a.post(f"{PAGE}{custom.pk}/verify/", follow=True)
    assert "该名称下没有 TXT 记录" in response.content.decode()
    custom.refresh_from_db()
    assert custom.status == "pending" and custom.last_checked_at is not None
    assert not Domain.objects.filter(domain=custom.domain).exists()
    # (django-tenants answers a host that fails ALLOWED_HOSTS with a bare 404)
    assert Client(HTTP_HOST=custom.domain).get("/admin-ui/login/").status_code == 404

    # A wrong value is reported with what was found.
    fake_dns.publish(custom.txt_name, "campus-verify=somebody-else")
    response = admin_client_a.post(f"{PAGE}{custom.pk}/verify/", follow=True)
    assert "somebody-else" in response.content.decode()

    fake_dns.publish(custom.txt_name, "v=spf1 -all", custom.txt_value)
    response = admin_client_a.post(f"{PAGE}{custom.pk}/verify/", follow=True)
    assert "已验证通过并生效" in response.content.decode()
    custom.refresh_from_db()
    assert custom.status == "verified"
    assert Domain.objects.get(domain=custom.domain).tenant_id == tenant_a.pk
    forget_custom_hosts()  # another process learns it through the tenancy generation counter
    served = Client(HTTP_HOST=custom.domain).get("/admin-ui/login/")
    assert served.status_code == 200
    assert tenant_a.name in served.content.decode()
    assert Client(HTTP_HOST="unknown.example.org").get("/admin-ui/login/").status_code == 404

    response = admin_client_a.post(f"{PAGE}{custom.pk}/delete/", follow=True)
    assert "不再访问本站" in response.content.decode()
    assert not CustomDomain.objects.filter(pk=custom.pk).exists()
    assert not Domain.objects.filter(domain=custom.domain).exists()
    forget_custom_hosts()
    assert Client(HTTP_HOST=custom.domain).get("/admin-ui/login/").status_code == 404


@pytest.mark.parametrize(("value", "message"), [
    ("192.168.1.10", "不能是 IP 地址"),
    ("jy.school.edu.cn:8443", "不能带端口号"),
    ("not a domain", "域名格式不正确"),
    ("", "域名格式不正确"),
    ("-bad.edu.cn", "域名格式不正确"),
    ("beta.localhost", "保留域名"),
    ("intranet.local", "保留域名"),
])
def test_bad_domains_are_refused_with_a_reason(admin_client_a, tenant_a, value, message):
    response = _add(admin_client_a, value)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CustomDomain.objects.filter(tenant=tenant_a).exists()


def test_chinese_domain_is_stored_in_its_ascii_form(admin_client_a, tenant_a):
    assert _add(admin_client_a, "就业.示例大学.cn").status_code == 302
    stored = CustomDomain.objects.get(tenant=tenant_a).domain
    assert stored == "就业.示例大学.cn".encode("idna").decode("ascii")
    assert stored.startswith("xn--") and stored.endswith(".cn")


def test_a_domain_belongs_to_one_tenant_only(admin_client_a, admin_client_b):
    assert _add(admin_client_a, "jy.shared.edu.cn").status_code == 302
    response = _add(admin_client_b, "JY.shared.edu.cn")
    assert response.status_code == 409
    assert "已被添加" in response.content.decode()


def test_dns_timeout_is_a_clear_temporary_error(admin_client_a, tenant_a, fake_dns):
    _add(admin_client_a, "jy.slow.edu.cn")
    custom = CustomDomain.objects.get(tenant=tenant_a)
    fake_dns.silent = True
    response = admin_client_a.post(f"{API}{custom.pk}/verify/")
    assert response.status_code == 503
    assert response.json()["code"] == "domain_dns_unavailable"
    assert fake_dns.queries, "the resolver asked our DNS server"


def test_another_tenant_cannot_see_prove_or_remove_it(admin_client_a, admin_client_b, tenant_a, fake_dns):
    _add(admin_client_a, "jy.alpha-only.edu.cn")
    custom = CustomDomain.objects.get(tenant=tenant_a)
    fake_dns.publish(custom.txt_name, custom.txt_value)
    assert "jy.alpha-only.edu.cn" not in admin_client_b.get(PAGE).content.decode()
    assert admin_client_b.post(f"{PAGE}{custom.pk}/verify/").status_code == 404
    assert admin_client_b.post(f"{PAGE}{custom.pk}/delete/").status_code == 404
    assert admin_client_b.get(f"{API}{custom.pk}/").status_code == 404
    assert admin_client_b.post(f"{API}{custom.pk}/verify/").status_code == 404
    assert admin_client_b.delete(f"{API}{custom.pk}/").status_code == 404
    assert admin_client_b.get(API).json() == []
    custom.refresh_from_db()
    assert custom.status == "pending"


def test_permissions(client_a, tenant_staff, tenant_a):
    nobody = tenant_staff("alpha", "no-domain-perms")
    client_a.login_as(nobody)
    assert client_a.get(PAGE).status_code == 403
    assert client_a.get(API).status_code == 403
    viewer = tenant_staff("alpha", "domain-viewer", ("domains.view_customdomain",))
    client_a.login_as(viewer)
    assert client_a.get(PAGE).status_code == 200
    assert client_a.post(PAGE, {"domain": "jy.viewer.edu.cn"}).status_code == 403
    assert client_a.post(API, {"domain": "jy.viewer.edu.cn"}, content_type="application/json").status_code == 403
    assert not CustomDomain.objects.filter(tenant=tenant_a).exists()


def test_api_round_trip(admin_client_a, tenant_a, fake_dns):
    response = admin_client_a.post(API, {"domain": "jy.api-school.edu.cn"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending" and body["txt_name"] == "_campus-verify.jy.api-school.edu.cn"
    refused = admin_client_a.post(f"{API}{body['id']}/verify/")
    assert refused.status_code == 400 and refused.json()["code"] == "domain_txt_missing"
    fake_dns.publish(body["txt_name"], body["txt_value"])
    verified = admin_client_a.post(f"{API}{body['id']}/verify/")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    bad = admin_client_a.post(API, {"domain": "10.0.0.1"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "domain_invalid"
    assert admin_client_a.delete(f"{API}{body['id']}/").status_code == 204
    assert not Domain.objects.filter(domain="jy.api-school.edu.cn").exists()
