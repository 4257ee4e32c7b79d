from django.urls import path

from tenant_apps.experts.fees.backoffice import views

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<int:pk>/", views.ProjectFeesView.as_view(), name="project_fees"),
    path("lines/", views.LineListView.as_view(), name="line_list"),
    path("lines/<int:pk>/edit/", views.LineEditView.as_view(), name="line_edit"),
    path("lines/paid/", views.MarkPaidView.as_view(), name="lines_mark_paid"),
    path("letters/<int:pk>/pdf/", views.LetterPdfView.as_view(), name="letter_pdf"),
    path("payout.xlsx", views.PayoutSheetView.as_view(), name="payout_sheet"),
    path("standards/", views.StandardListView.as_view(), name="standard_list"),
    path("standards/<int:pk>/", views.StandardEditView.as_view(), name="standard_edit"),
    path("import/", views.WorkloadImportView.as_view(), name="workload_import"),
    path("import/template/", views.WorkloadImportTemplateView.as_view(), name="workload_import_template"),
]
