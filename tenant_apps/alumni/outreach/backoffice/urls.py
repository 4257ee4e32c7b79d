from django.urls import path, re_path

from tenant_apps.alumni.outreach.backoffice import views

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="list"),
    path("sms/", views.SmsCampaignListView.as_view(), name="sms_list"),
    re_path(r"^new/(?P<channel>email|sms)/$", views.CampaignFormView.as_view(), name="add"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CampaignFormView.as_view(), name="edit"),
    path("<int:pk>/count/", views.CampaignCountView.as_view(), name="count"),
    path("<int:pk>/progress/", views.CampaignProgressView.as_view(), name="progress"),
    path("<int:pk>/log/", views.CampaignLogView.as_view(), name="log"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/gallery/", views.GalleryView.as_view(), name="gallery"),
    path("templates/new/", views.TemplateFormView.as_view(), name="template_add"),
    path("templates/<int:pk>/", views.TemplateFormView.as_view(), name="template_edit"),
    path("quota/", views.QuotaView.as_view(), name="quota"),
    path("birthday/", views.BirthdayView.as_view(), name="birthday"),
]
