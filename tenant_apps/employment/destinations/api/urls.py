from django.urls import path

from tenant_apps.employment.destinations.api import views

urlpatterns = [
    path("", views.DestinationListAPI.as_view(), name="destination_list"),
    path("categories/", views.CategoryListAPI.as_view(), name="categories"),
    path("<int:pk>/", views.DestinationDetailAPI.as_view(), name="destination_detail"),
    path("<int:pk>/review/", views.DestinationReviewAPI.as_view(), name="destination_review"),
    path("<int:pk>/dispute/", views.DisputeResolveAPI.as_view(), name="dispute_resolve"),
    path("me/", views.MyDestinationAPI.as_view(), name="my_destination"),
    path("me/evidence/", views.MyEvidenceAPI.as_view(), name="my_destination_evidence"),
    path("me/evidence/<int:pk>/", views.MyEvidenceRemoveAPI.as_view(), name="my_destination_evidence_remove"),
    path("on-behalf/<int:record_pk>/", views.OnBehalfAPI.as_view(), name="file_on_behalf"),
    path("export-columns/", views.ExportColumnListAPI.as_view(), name="export_columns"),
    path("export-templates/", views.ExportTemplateListAPI.as_view(), name="export_templates"),
    path("export-templates/<int:pk>/", views.ExportTemplateDetailAPI.as_view(), name="export_template_detail"),
    path("export/<str:kind>/", views.ExportDownloadAPI.as_view(), name="export"),
    path("me/submit/", views.MyDestinationSubmitAPI.as_view(), name="my_destination_submit"),
    path("confirm/<str:token>/", views.ConfirmAPI.as_view(), name="confirm"),
    path("ledger/verify/", views.LedgerVerifyAPI.as_view(), name="ledger_verify"),
]
