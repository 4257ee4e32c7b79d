from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from core.crypto import blind_index
from tenant_apps.accounts.models import User


def find_user_by_identifier(identifier: str) -> User | None:
    """Username, phone or e-mail (case-insensitive) — whichever matches one account."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    query = Q(username=identifier)
    if "@" in identifier:
        query |= Q(email_hash=blind_index(identifier))
    if identifier.isdigit():
        query |= Q(phone_hash=blind_index(identifier))
    matches = list(User.objects.filter(query)[:2])
    if len(matches) == 1:
        return matches[0]
    # An exact username wins over a phone/e-mail that happens to look the same.
    return next((u for u in matches if u.username == identifier), None)


class MultiIdentifierBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = find_user_by_identifier(username or kwargs.get("identifier", ""))
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
