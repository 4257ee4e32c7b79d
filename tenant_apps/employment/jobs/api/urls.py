from django.urls import path

from tenant_apps.employment.jobs.api import views

urlpatterns = [
    path("", views.JobListAPI.as_view(), name="job-list"),
    path("public/", views.JobPublicListAPI.as_view(), name="job-public"),
    path("lint/", views.JobLintAPI.as_view(), name="job-lint"),
    path("announcements/", views.AnnouncementListAPI.as_view(), name="announcement-list"),
    path("announcements/<int:pk>/review/", views.AnnouncementReviewAPI.as_view(), name="announcement-review"),
    path("<int:pk>/", views.JobDetailAPI.as_view(), name="job-detail"),
    path("<int:pk>/review/", views.JobReviewAPI.as_view(), name="job-review"),
    path("<int:pk>/complaints/", views.JobComplaintAPI.as_view(), name="job-complain"),
    path("<int:pk>/complaints/resolve/", views.JobComplaintResolveAPI.as_view(), name="job-complaints-resolve"),
]
