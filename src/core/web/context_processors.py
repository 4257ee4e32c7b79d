from django.conf import settings
from django.utils import timezone

from core.tenancy import MODULE_LABELS, is_public


def shell(request):
    """What every layout needs: the tenant, its modules, the watermark text, the CSP nonce."""
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    watermark = ""
    if user is not None and user.is_authenticated:
        who = getattr(user, "display_name", "") or user.get_username()
        watermark = f"{who} {user.get_username()} {timezone.localtime():%Y-%m-%d %H:%M}"
    modules = list(getattr(tenant, "modules", None) or []) if tenant is not None and not is_public(request) else []
    return {
        "tenant": tenant,
        "tenant_modules": modules,
        "module_labels": MODULE_LABELS,
        "watermark_text": watermark,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "base_domain": settings.BASE_DOMAIN,
    }
