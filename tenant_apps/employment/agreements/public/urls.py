from django.urls import path

from tenant_apps.employment.agreements.public import views

urlpatterns = [
    path("", views.VerifyView.as_view(), name="verify"),
]
