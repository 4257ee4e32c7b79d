from django.urls import path

from tenant_apps.employment.destinations.backoffice import views

urlpatterns = [
    path("", views.DestinationListView.as_view(), name="destination_list"),
    path("<int:pk>/", views.DestinationDetailView.as_view(), name="destination_detail"),
    path("review/<str:level>/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("disputes/", views.DisputeListView.as_view(), name="disputes"),
    path("file/<int:record_pk>/", views.FileOnBehalfView.as_view(), name="file_on_behalf"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("export/<str:kind>/", views.ExportDownloadView.as_view(), name="export_download"),
    path("ledger/", views.LedgerVerifyView.as_view(), name="ledger_verify"),
]
