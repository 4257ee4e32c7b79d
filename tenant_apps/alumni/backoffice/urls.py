from django.urls import path

from tenant_apps.alumni.backoffice import views

urlpatterns = [
    path("", views.AdminHomeView.as_view(), name="home"),
]
