from django.urls import path

from tenant_apps.experts.review.backoffice import views

urlpatterns = [
    path("", views.ReviewListView.as_view(), name="list"),
    path("projects/<int:project>/new/", views.SetupFormView.as_view(), name="create"),
    path("<int:pk>/", views.SetupDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.SetupFormView.as_view(), name="edit"),
    path("<int:pk>/indicators/", views.IndicatorsView.as_view(), name="indicators"),
    path("<int:pk>/submissions/", views.SubmissionListView.as_view(), name="submissions"),
    path("<int:pk>/submissions/template/", views.ImportTemplateView.as_view(), name="import_template"),
    path("<int:pk>/submissions/<int:sid>/", views.SubmissionDetailView.as_view(), name="submission"),
    path("<int:pk>/files/<int:fid>/", views.FileDownloadView.as_view(), name="file"),
    path("<int:pk>/progress/", views.ProgressView.as_view(), name="progress"),
    path("<int:pk>/summary/", views.SummaryView.as_view(), name="summary"),
    path("<int:pk>/summary/<slug:kind>/", views.SummaryExportView.as_view(), name="export"),
]
