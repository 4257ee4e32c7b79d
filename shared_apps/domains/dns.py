"""TXT look-ups for domain proofs, through the resolver the settings name.

DNS_RESOLVER_NAMESERVERS empty: the machine's resolver (/etc/resolv.conf). The tests point it
at a local DNS server on 127.0.0.1 (DNS_RESOLVER_PORT), so nothing leaves the machine."""

from __future__ import annotations

import dns.exception
import dns.resolver
from django.conf import settings


class LookupFailed(Exception):
    """The resolver did not answer (timeout, server failure): try again later."""


def txt_values(name: str) -> list[str]:
    """Every TXT string published at `name` (the chunks of one record joined); [] when the
    name or the record does not exist."""
    nameservers = list(getattr(settings, "DNS_RESOLVER_NAMESERVERS", []) or [])
    resolver = dns.resolver.Resolver(configure=not nameservers)
    if nameservers:
        resolver.nameservers = nameservers
        resolver.port = int(getattr(settings, "DNS_RESOLVER_PORT", 53))
    resolver.lifetime = float(getattr(settings, "DNS_RESOLVER_TIMEOUT", 4.0))
    try:
        answer = resolver.resolve(name, "TXT")
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except (dns.exception.Timeout, dns.resolver.NoNameservers) as exc:
        raise LookupFailed(str(exc)) from exc
    return [b"".join(record.strings).decode("utf-8", "replace") for record in answer]
