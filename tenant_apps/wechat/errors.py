"""Error codes of the WeChat app (API `code` values) and the errors the adapter raises."""

from __future__ import annotations

from enum import StrEnum

from core.errors import ApplicationError


class WeChatErrorCode(StrEnum):
    NOT_CONFIGURED = "wechat_not_configured"
    API_ERROR = "wechat_api_error"
    UNAVAILABLE = "wechat_unavailable"
    QUOTA_EXHAUSTED = "wechat_quota_exhausted"
    BAD_SIGNATURE = "wechat_bad_signature"
    OAUTH_STATE_MISMATCH = "wechat_oauth_state_mismatch"
    BINDING_REFUSED = "wechat_binding_refused"
    ALREADY_BOUND = "wechat_already_bound"
    INVALID_MENU = "wechat_invalid_menu"
    INVALID_URL = "wechat_invalid_url"
    SCAN_REFUSED = "wechat_scan_refused"


class WeChatNotConfigured(ApplicationError):
    code = WeChatErrorCode.NOT_CONFIGURED
    status = 404


class WeChatAPIError(ApplicationError):
    """WeChat answered with an errcode; `errcode` keeps the number for callers."""

    code = WeChatErrorCode.API_ERROR
    status = 502

    def __init__(self, message: str, *, errcode: int | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.errcode = errcode


class WeChatUnavailable(WeChatAPIError):
    """Timeout or connection failure: transient, worth a retry with backoff.

    `uncertain`: the request may have reached WeChat (read timeout), so a send must not be repeated.
    """

    code = WeChatErrorCode.UNAVAILABLE
    status = 503

    def __init__(self, message: str, *, uncertain: bool = False, **kwargs):
        super().__init__(message, **kwargs)
        self.uncertain = uncertain


class TemplateQuotaExhausted(WeChatAPIError):
    """Error 45009 on template messages: stop for this account until local midnight."""

    code = WeChatErrorCode.QUOTA_EXHAUSTED
    status = 429


QUOTA_EXHAUSTED_REASON = "模板消息日调用量已用完，将于次日继续"
