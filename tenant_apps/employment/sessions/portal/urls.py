from django.urls import path

from tenant_apps.employment.sessions.portal import views

urlpatterns = [
    path("", views.SessionListView.as_view(), name="session_list"),
]
