from django.urls import path

from core.importexport import api

urlpatterns = [
    path("", api.JobListAPI.as_view(), name="importexport_job_list"),
    path("<int:pk>/", api.JobDetailAPI.as_view(), name="importexport_job_detail"),
    path("<int:pk>/retry/", api.JobRetryAPI.as_view(), name="importexport_job_retry"),
    path("imports/", api.ImportStartAPI.as_view(), name="importexport_import_start"),
    path("exports/", api.ExportStartAPI.as_view(), name="importexport_export_start"),
]
