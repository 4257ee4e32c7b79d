from django.urls import path

from tenant_apps.employment.resumes.h5 import views

urlpatterns = [
    path("", views.ResumeListView.as_view(), name="list"),
    path("<int:pk>/", views.ResumeDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ResumeEditView.as_view(), name="edit"),
    path("<int:pk>/versions/", views.ResumeVersionsView.as_view(), name="versions"),
    path("<int:pk>/pdf/", views.ResumePdfView.as_view(), name="pdf"),
]
