from django.urls import path

from tenant_apps.employment.destinations.h5 import views

urlpatterns = [
    path("", views.MyDestinationView.as_view(), name="my_destination"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
]
