from core.errors import ApplicationError


class ConsoleLoginRefused(ApplicationError):
    code = "console_login_refused"
    status = 403


class ConsoleActionInvalid(ApplicationError):
    code = "console_action_invalid"
    status = 400


class ImpersonationRefused(ApplicationError):
    code = "impersonation_refused"
    status = 403
