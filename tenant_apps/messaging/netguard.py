"""Outside services cannot be turned against us (issue 12, item 4).

A tenant admin types provider settings; our workers then connect where those settings say.
Two rules keep that from reaching our own network:

* HTTP provider APIs (SMS, voice) are called at the endpoint our settings give per provider
  (`MESSAGING_PROVIDER_ENDPOINTS`); an `endpoint` a tenant enters is refused, unless
  `MESSAGING_TENANT_ENDPOINTS_ALLOWED` is on (tests with local fake providers only).
* An SMTP host a tenant enters must resolve only to public addresses (no loopback, private,
  link-local, carrier-grade NAT, multicast, reserved or cloud-metadata ranges) and use an SMTP
  port, unless our settings list the host in `MESSAGING_SMTP_ALLOWED_HOSTS`. It is checked
  when the settings are saved and again right before each connection (DNS can change).
"""

from __future__ import annotations

import ipaddress
import socket

from django.conf import settings

from core.errors import ApplicationError

SMTP_PORTS = frozenset({25, 465, 587, 2525})
# Instance metadata services of AWS/GCP/Azure/OpenStack, Aliyun, Tencent Cloud, Huawei Cloud.
METADATA_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("169.254.0.0/16", "100.100.100.200/32", "fd00:ec2::254/128", "100.64.0.0/10")
)


class UnsafeDestination(ApplicationError):
    code = "unsafe_destination"


def provider_endpoint(provider_name: str, options: dict) -> str:
    """The API endpoint for `provider_name`: from settings; a tenant's own only where allowed."""
    tenant_endpoint = (options or {}).get("endpoint") or ""
    if tenant_endpoint and getattr(settings, "MESSAGING_TENANT_ENDPOINTS_ALLOWED", False):
        return tenant_endpoint
    return settings.MESSAGING_PROVIDER_ENDPOINTS[provider_name]


def check_options(provider_name: str, options: dict) -> None:
    """Refuse settings a tenant may not choose (called when a provider config is saved)."""
    options = options or {}
    if options.get("endpoint") and not getattr(settings, "MESSAGING_TENANT_ENDPOINTS_ALLOWED", False):
        raise UnsafeDestination(
            "服务商接口地址由平台统一设置，不能自定义。", code="endpoint_not_allowed", fields={"endpoint": ["不能自定义接口地址。"]}
        )
    if provider_name == "smtp":
        check_smtp_host(str(options.get("host") or ""), options.get("port") or 25)


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in METADATA_NETWORKS if network.version == ip.version):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local or ip.is_private)


def check_smtp_host(host: str, port) -> list[str]:
    """Resolve `host`; return its addresses when every one is public. Raises UnsafeDestination."""
    host = (host or "").strip().rstrip(".").lower()
    try:
        port = int(port)
    except (TypeError, ValueError):
        port = -1
    if not host:
        raise UnsafeDestination("请填写 SMTP 服务器地址。", code="smtp_host_required", fields={"host": ["必填。"]})
    allowed = {h.lower() for h in getattr(settings, "MESSAGING_SMTP_ALLOWED_HOSTS", ())}
    if host in allowed:
        return []
    if port not in SMTP_PORTS:
        raise UnsafeDestination(
            f"SMTP 端口只能是 {'、'.join(str(p) for p in sorted(SMTP_PORTS))}。", code="smtp_port_not_allowed", fields={"port": ["端口不允许。"]}
        )
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeDestination("无法解析 SMTP 服务器地址。", code="smtp_host_unresolvable", fields={"host": ["无法解析。"]}) from None
    addresses = sorted({info[4][0] for info in infos})
    unsafe = [a for a in addresses if not _is_public(a)]
    if not addresses or unsafe:
        raise UnsafeDestination(
            "SMTP 服务器必须是公网地址（不允许本机、内网、链路本地或云元数据地址）。",
            code="smtp_host_not_public",
            fields={"host": ["地址不允许。"]},
        )
    return addresses
