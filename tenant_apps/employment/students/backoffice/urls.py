from django.urls import path

from tenant_apps.employment.students.backoffice import views

urlpatterns = [
    path("", views.RecordListView.as_view(), name="record_list"),
    path("export/", views.RecordExportView.as_view(), name="record_export"),
    path("<int:pk>/", views.RecordDetailView.as_view(), name="record_detail"),
    path("<int:pk>/remind/", views.RemindView.as_view(), name="record_remind"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("progress/", views.ProgressView.as_view(), name="progress"),
    path("import/", views.GraduateImportView.as_view(), name="import"),
    path("import/template/", views.GraduateImportTemplateView.as_view(), name="import_template"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
