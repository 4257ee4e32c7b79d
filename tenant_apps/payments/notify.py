"""The notification endpoint WeChat Pay calls (no session, no CSRF: the signature is the credential)."""

from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from tenant_apps.payments import services
from tenant_apps.payments.errors import PaymentErrorCode

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def notify(request):
    """204 when applied or already applied; 401 for a forged or stale notification; 500 when
    the order cannot be queried back (WeChat Pay delivers again later)."""
    try:
        services.notification_handle(headers=request.META, body=request.body)
    except services.NotificationRejected as exc:
        logger.warning("payments.notify rejected: %s", exc)
        return JsonResponse({"code": "FAIL", "message": "验签失败"}, status=401)
    except ApplicationError as exc:
        if exc.code == PaymentErrorCode.NOT_CONFIGURED:
            return JsonResponse({"code": "FAIL", "message": "未开通"}, status=404)
        logger.warning("payments.notify not applied: %s", exc.message)
        return JsonResponse({"code": "FAIL", "message": "稍后重试"}, status=500)
    return HttpResponse(status=204)
