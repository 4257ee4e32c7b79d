from django.urls import path

from tenant_apps.employment.jobs.h5 import views

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="detail"),
    path("employers/<int:pk>/", views.EmployerView.as_view(), name="employer"),
    path("announcements/", views.AnnouncementListView.as_view(), name="announcements"),
    path("school/", views.SchoolView.as_view(), name="school"),
    path("announcements/<int:pk>/", views.AnnouncementDetailView.as_view(), name="announcement_detail"),
]
