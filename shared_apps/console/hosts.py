"""Links between the console host and tenant hosts, keeping the scheme and port the browser
used (development servers run on a port; production on 443)."""

from __future__ import annotations

from django.http import HttpRequest

from shared_apps.provisioning.selectors import tenant_domain_for


def sibling_host_url(request: HttpRequest, subdomain: str) -> str:
    """scheme://<subdomain>.<base>[:port] for the request's scheme and port."""
    port = request.get_port()
    default = "443" if request.is_secure() else "80"
    suffix = f":{port}" if port and port != default else ""
    return f"{request.scheme}://{tenant_domain_for(subdomain)}{suffix}"
