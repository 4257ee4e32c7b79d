from django.urls import path

from tenant_apps.alumni.outreach.api import views

urlpatterns = [
    path("campaigns/", views.CampaignListAPI.as_view(), name="campaign-list"),
    path("campaigns/<int:pk>/", views.CampaignDetailAPI.as_view(), name="campaign-detail"),
    path("campaigns/<int:pk>/preview/", views.CampaignPreviewAPI.as_view(), name="campaign-preview"),
    path("campaigns/<int:pk>/recipients-count/", views.CampaignCountAPI.as_view(), name="campaign-count"),
    path("campaigns/<int:pk>/upload/", views.CampaignUploadAPI.as_view(), name="campaign-upload"),
    path("campaigns/<int:pk>/test-send/", views.CampaignTestSendAPI.as_view(), name="campaign-test-send"),
    path("campaigns/<int:pk>/send/", views.CampaignSendAPI.as_view(), name="campaign-send"),
    path("campaigns/<int:pk>/progress/", views.CampaignProgressAPI.as_view(), name="campaign-progress"),
    path("campaigns/<int:pk>/log/", views.CampaignLogAPI.as_view(), name="campaign-log"),
    path("templates/", views.TemplateListAPI.as_view(), name="template-list"),
    path("templates/<int:pk>/", views.TemplateDetailAPI.as_view(), name="template-detail"),
    path("layouts/", views.LayoutListAPI.as_view(), name="layout-list"),
    path("sms-quota/", views.QuotaAPI.as_view(), name="sms-quota"),
    path("birthday/", views.BirthdayAPI.as_view(), name="birthday"),
]
