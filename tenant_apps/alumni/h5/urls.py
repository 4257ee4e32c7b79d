from django.urls import path

from tenant_apps.alumni.h5 import views

urlpatterns = [
    path("", views.HallView.as_view(), name="hall"),
    path("join/", views.JoinView.as_view(), name="join"),
    path("me/", views.PersonalCentreView.as_view(), name="me"),
]
