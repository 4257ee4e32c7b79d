"""Error codes of the messaging gateway (English, for machines; messages are Chinese)."""

from enum import StrEnum


class MessagingErrorCode(StrEnum):
    RATE_LIMITED = "rate_limited"
    INVALID_CHANNEL = "invalid_channel"
    NO_AUDIENCE = "no_audience"
    UNKNOWN_AUDIENCE = "unknown_audience"
    NOT_CANCELLABLE = "not_cancellable"
    TEMPLATE_NOT_FOUND = "template_not_found"
    CALLBACK_FORBIDDEN = "callback_forbidden"
    PROVIDER_NOT_CONFIGURED = "provider_not_configured"
    VOICE_SIMULATION_DISABLED = "voice_simulation_disabled"
    VOICE_ALREADY_ANSWERED = "voice_already_answered"


class ProviderError(Exception):
    """A provider refused or failed a send.

    `transient`: nothing was sent and trying again later may work (connection refused, 5xx,
    the provider's own throttling). `uncertain`: the request may have reached the provider
    (read timeout), so it must not be sent again.
    """

    def __init__(self, message: str, *, code: str = "", transient: bool = False, uncertain: bool = False, retry_after: int = 0):
        super().__init__(message)
        self.message = message
        self.code = code
        self.transient = transient
        self.uncertain = uncertain
        # Seconds until the provider takes sends again (a daily quota used up): the engine keeps
        # the rows pending without counting an attempt and runs the batch again then.
        self.retry_after = retry_after
