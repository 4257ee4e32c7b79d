import pytest

from tests.shared_apps.domains.fake_dns import FakeDNS


@pytest.fixture
def fake_dns(settings):
    server = FakeDNS()
    settings.DNS_RESOLVER_NAMESERVERS = ["127.0.0.1"]
    settings.DNS_RESOLVER_PORT = server.port
    settings.DNS_RESOLVER_TIMEOUT = 1.0
    yield server
    server.stop()


@pytest.fixture
def custom_hosts_allowed(settings):
    """The test runner replaces ALLOWED_HOSTS with a plain list; put the platform's back."""
    from core.hosts import TenantAllowedHosts, forget_custom_hosts

    settings.ALLOWED_HOSTS = TenantAllowedHosts([settings.BASE_DOMAIN, f".{settings.BASE_DOMAIN}", "testserver"])
    forget_custom_hosts()
    yield
    forget_custom_hosts()
