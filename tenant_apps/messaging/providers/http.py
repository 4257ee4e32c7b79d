"""HTTP helpers shared by the HTTP providers: timeouts and error classification."""

from __future__ import annotations

import requests

from tenant_apps.messaging.errors import ProviderError

CONNECT_TIMEOUT = 5
READ_TIMEOUT = 10


def request_json(method: str, url: str, **kwargs) -> dict:
    """Call a provider; connection failures are transient (nothing sent), read timeouts are
    uncertain (the provider may have sent it), 5xx are transient."""
    try:
        response = requests.request(method, url, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), **kwargs)
    except requests.ConnectTimeout as exc:
        raise ProviderError("连接服务商超时", code="connect_timeout", transient=True) from exc
    except requests.ConnectionError as exc:
        # A reset after the request left may have delivered it; only a refused connect is safe.
        refused = "refused" in str(exc).lower() or "failed to establish" in str(exc).lower()
        raise ProviderError("无法连接服务商", code="connection_error", transient=refused, uncertain=not refused) from exc
    except requests.Timeout as exc:
        raise ProviderError("服务商响应超时，结果未知", code="read_timeout", uncertain=True) from exc
    if response.status_code >= 500:
        raise ProviderError(f"服务商错误 HTTP {response.status_code}", code=f"http_{response.status_code}", transient=True)
    try:
        return response.json()
    except ValueError as exc:
        raise ProviderError(f"服务商返回无法解析 HTTP {response.status_code}", code="bad_response") from exc
