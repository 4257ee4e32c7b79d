from django.urls import path

from tenant_apps.employment.jobs.portal import views

urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("new/", views.JobFormView.as_view(), name="job_add"),
    path("lint/", views.JobLintView.as_view(), name="job_lint"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/edit/", views.JobFormView.as_view(), name="job_edit"),
    path("announcements/", views.AnnouncementListView.as_view(), name="announcement_list"),
]
