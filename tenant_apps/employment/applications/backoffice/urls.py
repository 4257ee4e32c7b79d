from django.urls import path

from tenant_apps.employment.applications.backoffice import views

urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="list"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="detail"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
