from django.urls import path

from tenant_apps.payments.backoffice import views

urlpatterns = [
    path("", views.OrderListView.as_view(), name="order_list"),
    path("<int:pk>/", views.OrderDetailView.as_view(), name="order_detail"),
    path("settings/", views.MerchantSettingsView.as_view(), name="settings"),
    path("reconciliation/", views.ReconciliationView.as_view(), name="reconciliation"),
]
