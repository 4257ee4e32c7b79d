from django.urls import path

from tenant_apps.employment.archives.backoffice import views

urlpatterns = [
    path("", views.ArchiveListView.as_view(), name="archive_list"),
    path("<int:pk>/", views.ArchiveDetailView.as_view(), name="archive_detail"),
    path("import/", views.MailingImportView.as_view(), name="import"),
    path("import/template/", views.MailingImportTemplateView.as_view(), name="import_template"),
]
