from django.urls import path

from tenant_apps.alumni.directory.backoffice import views

urlpatterns = [
    path("", views.ProfileListView.as_view(), name="profile_list"),
]
