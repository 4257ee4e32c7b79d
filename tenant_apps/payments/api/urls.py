from django.urls import path

from tenant_apps.payments import notify
from tenant_apps.payments.api import views

urlpatterns = [
    path("notify/", notify.notify, name="notify"),
    path("merchant/", views.MerchantSettingsAPI.as_view(), name="merchant-settings"),
    path("orders/", views.OrderListAPI.as_view(), name="order-list"),
    path("orders/<int:pk>/", views.OrderDetailAPI.as_view(), name="order-detail"),
    path("orders/<int:pk>/refunds/", views.OrderRefundAPI.as_view(), name="order-refund"),
    path("orders/<int:pk>/sync/", views.OrderSyncAPI.as_view(), name="order-sync"),
    path("reconciliations/", views.ReconciliationListAPI.as_view(), name="reconciliation-list"),
]
