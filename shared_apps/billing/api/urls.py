from django.urls import path

from shared_apps.billing.api import views

# Mounted at /api/v1/billing/ in the "api:billing" namespace.
urlpatterns = [
    path("", views.BillingOverviewAPI.as_view(), name="overview"),
    path("plans/", views.BillingPlanListAPI.as_view(), name="plan_list"),
    path("invoices/", views.BillingInvoiceListAPI.as_view(), name="invoice_list"),
    path("invoices/<int:pk>/", views.BillingInvoiceDetailAPI.as_view(), name="invoice_detail"),
    path("portal-session/", views.BillingPortalSessionAPI.as_view(), name="portal_session"),
    path("change-plan/", views.BillingPlanChangeAPI.as_view(), name="plan_change"),
]
