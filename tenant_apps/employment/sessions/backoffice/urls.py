from django.urls import path

from tenant_apps.employment.sessions.backoffice import views

urlpatterns = [
    path("", views.SessionListView.as_view(), name="list"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("venues/", views.VenueListView.as_view(), name="venues"),
    path("<int:pk>/", views.SessionDetailView.as_view(), name="detail"),
    path("<int:pk>/check-in/", views.CheckInView.as_view(), name="check_in"),
]
