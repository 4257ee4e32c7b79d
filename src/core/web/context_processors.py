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
    banners = []
    if tenant is not None and not is_public(request):
        status = getattr(tenant, "effective_status", getattr(tenant, "status", "active"))
        if status == "past_due":
            banners.append({"level": "", "text": "本单位账户已欠费，请尽快续费；宽限期结束后将转为只读。"})
        elif status == "read_only":
            banners.append({"level": "danger", "text": "本单位账户当前为只读状态，暂不能修改数据。续费后即可恢复。"})
    impersonator = getattr(request, "impersonator_label", "")
    if impersonator:
        watermark = f"{impersonator}代 {watermark}"
        banners.append({
            "level": "danger", "text": f"平台客服 {impersonator} 正在代为操作本后台（已记录审计日志）。",
            "action_url": getattr(request, "impersonation_end_url", ""), "action_label": "结束代为登录",
        })
    return {
        "shell_banners": banners,
        "tenant": tenant,
        "tenant_modules": modules,
        "module_labels": MODULE_LABELS,
        "watermark_text": watermark,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "base_domain": settings.BASE_DOMAIN,
        "vendor": _vendor(),
    }


def _vendor() -> dict:
    """The operator's name, ICP filing number and contact for footers (config.settings.integrations.vendor)."""
    return {
        "name": getattr(settings, "VENDOR_NAME", ""),
        "company": getattr(settings, "VENDOR_COMPANY", ""),
        "icp_number": getattr(settings, "VENDOR_ICP_NUMBER", ""),
        "psb_number": getattr(settings, "VENDOR_PSB_NUMBER", ""),
        "phone": getattr(settings, "VENDOR_CONTACT_PHONE", ""),
        "email": getattr(settings, "VENDOR_CONTACT_EMAIL", ""),
    }
