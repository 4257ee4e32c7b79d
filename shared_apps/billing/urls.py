from django.urls import path

from shared_apps.billing import views

urlpatterns = [
    path("webhook/", views.stripe_webhook, name="stripe_webhook"),
]
