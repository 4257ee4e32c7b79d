from django.urls import path

from tenant_apps.employment.resumes.api import views

urlpatterns = [
    path("mine/", views.MyResumeListAPI.as_view(), name="mine-list"),
    path("mine/<int:pk>/", views.MyResumeDetailAPI.as_view(), name="mine-detail"),
    path("mine/<int:pk>/compare/", views.MyResumeCompareAPI.as_view(), name="mine-compare"),
    path("mine/<int:pk>/pdf/", views.MyResumePdfAPI.as_view(), name="mine-pdf"),
    path("mine/<int:pk>/attachments/", views.MyResumeAttachmentAPI.as_view(), name="mine-attachments"),
    path("mine/<int:pk>/attachments/<int:attachment_pk>/", views.MyResumeAttachmentDeleteAPI.as_view(), name="mine-attachment-delete"),
    path("guidance/", views.GuidanceListAPI.as_view(), name="guidance-list"),
    path("guidance/<int:pk>/", views.GuidanceDetailAPI.as_view(), name="guidance-detail"),
    path("guidance/<int:pk>/comments/", views.GuidanceCommentAPI.as_view(), name="guidance-comments"),
    path("guidance/<int:pk>/compare/", views.GuidanceCompareAPI.as_view(), name="guidance-compare"),
]
