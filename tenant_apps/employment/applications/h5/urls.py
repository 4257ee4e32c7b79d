from django.urls import path

from tenant_apps.employment.applications.h5 import views

urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="list"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="detail"),
    path("apply/<int:job_pk>/", views.ApplyView.as_view(), name="apply"),
]
