"""Which accounts data can be revealed in clear (core.reveal), scoped like the user pages."""

from core.reveal import register_revealable
from tenant_apps.accounts.selectors import user_get

register_revealable("accounts.user", lambda actor, pk: user_get(actor=actor, user_id=pk))
