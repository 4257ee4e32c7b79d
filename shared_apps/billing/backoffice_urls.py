from django.urls import path

from shared_apps.billing import views

urlpatterns = [
    path("", views.BillingPageView.as_view(), name="billing"),
    path("portal/", views.billing_portal, name="billing_portal"),
]
