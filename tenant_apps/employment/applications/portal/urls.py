from django.urls import path

from tenant_apps.employment.applications.portal import views

urlpatterns = [
    path("", views.ApplicantListView.as_view(), name="application_list"),
    path("<int:pk>/", views.ApplicantDetailView.as_view(), name="application_detail"),
    path("<int:pk>/resume.pdf", views.ApplicantResumePdfView.as_view(), name="application_pdf"),
]
