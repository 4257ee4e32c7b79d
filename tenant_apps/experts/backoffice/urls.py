from django.urls import path

from tenant_apps.experts.backoffice import views

urlpatterns = [
    path("", views.ExpertListView.as_view(), name="expert_list"),
    path("saved-searches/", views.SavedSearchView.as_view(), name="saved_search"),
    path("add/", views.ExpertAddView.as_view(), name="expert_add"),
    path("import/", views.ExpertImportView.as_view(), name="expert_import"),
    path("import/template/", views.ExpertImportTemplateView.as_view(), name="expert_import_template"),
    path("import/<int:pk>/report/", views.ImportReportView.as_view(), name="import_report"),
    path("export/", views.ExpertExportView.as_view(), name="expert_export"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("changes/", views.ChangeQueueView.as_view(), name="change_queue"),
    path("domains/", views.DomainListView.as_view(), name="domain_list"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("certificates/", views.CertificateListView.as_view(), name="certificate_list"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("<int:pk>/", views.ExpertDetailView.as_view(), name="expert_detail"),
    path("<int:pk>/profile/", views.ExpertProfileEditView.as_view(), name="expert_profile_edit"),
    path("<int:pk>/reveal/", views.ExpertRevealView.as_view(), name="expert_reveal"),
    path("<int:pk>/action/", views.ExpertActionView.as_view(), name="expert_action"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("<int:pk>/certificates/<int:certificate_id>/pdf/", views.CertificatePdfView.as_view(), name="certificate_pdf"),
]
