from django.urls import path

from tenant_apps.employment.sessions.api import views

urlpatterns = [
    path("", views.SessionListAPI.as_view(), name="session-list"),
    path("published/", views.SessionPublishedAPI.as_view(), name="session-published"),
    path("venues/", views.VenueListAPI.as_view(), name="venue-list"),
    path("<int:pk>/assign/", views.SessionAssignAPI.as_view(), name="session-assign"),
    path("<int:pk>/check-in/", views.SessionCheckInAPI.as_view(), name="session-check-in"),
    path("<int:pk>/signup/", views.SessionSignupAPI.as_view(), name="session-signup"),
]
