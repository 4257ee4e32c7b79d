from django.urls import path

from tenant_apps.employment.jobs.backoffice import views

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("announcements/", views.AnnouncementListView.as_view(), name="announcements"),
    path("complaints/", views.ComplaintListView.as_view(), name="complaints"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="detail"),
]
