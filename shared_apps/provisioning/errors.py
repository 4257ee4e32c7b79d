from core.errors import ApplicationError


class SlugUnavailable(ApplicationError):
    code = "slug_unavailable"
    status = 409
