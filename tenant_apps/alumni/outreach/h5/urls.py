from django.urls import path

from tenant_apps.alumni.outreach.h5 import views

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("open/<str:token>/", views.open_pixel, name="open"),
]
