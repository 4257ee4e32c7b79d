from core.errors import ApplicationError


class LoginRefused(ApplicationError):
    code = "login_refused"
    status = 400


class AccountLocked(LoginRefused):
    code = "account_locked"
    status = 429


class IPBlocked(LoginRefused):
    code = "ip_blocked"
    status = 403
