from django.urls import path

from shared_apps.billing import views

urlpatterns = [
    path("", views.BillingPageView.as_view(), name="billing"),
    path("portal/", views.BillingPortalView.as_view(), name="billing_portal"),
    path("plan/", views.BillingPlanChangeView.as_view(), name="billing_plan_change"),
]
