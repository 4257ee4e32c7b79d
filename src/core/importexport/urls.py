from django.urls import path

import core.importexport.menus  # noqa: F401  (registers the "导入导出任务" menu entry)
from core.importexport import views

app_name = "jobs"
urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="detail"),
    path("<int:pk>/download/<str:which>/", views.JobDownloadView.as_view(), name="download"),
    path("<int:pk>/retry/", views.JobRetryView.as_view(), name="retry"),
    path("export/<str:spec>/", views.ExportStartView.as_view(), name="export_start"),
]
