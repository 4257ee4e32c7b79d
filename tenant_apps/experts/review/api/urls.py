from django.urls import path

from tenant_apps.experts.review.api import views

urlpatterns = [
    path("setups/", views.SetupListAPI.as_view(), name="setup-list"),
    path("setups/<int:pk>/", views.SetupDetailAPI.as_view(), name="setup-detail"),
    path("setups/<int:pk>/publish/", views.SetupPublishAPI.as_view(), name="setup-publish"),
    path("setups/<int:pk>/close/", views.SetupCloseAPI.as_view(), name="setup-close"),
    path("setups/<int:pk>/indicators/", views.IndicatorsAPI.as_view(), name="indicators"),
    path("setups/<int:pk>/submissions/", views.SubmissionListAPI.as_view(), name="submission-list"),
    path("setups/<int:pk>/submissions/<int:sid>/", views.SubmissionDetailAPI.as_view(), name="submission-detail"),
    path("setups/<int:pk>/submissions/<int:sid>/files/", views.SubmissionFileAPI.as_view(), name="submission-files"),
    path("setups/<int:pk>/progress/", views.ProgressAPI.as_view(), name="progress"),
    path("setups/<int:pk>/remind/", views.RemindAPI.as_view(), name="remind"),
    path("setups/<int:pk>/sheets/<int:sheet_id>/reopen/", views.SheetReopenAPI.as_view(), name="sheet-reopen"),
    path("setups/<int:pk>/summary/", views.SummaryAPI.as_view(), name="summary"),
    path("my/", views.MineListAPI.as_view(), name="my-list"),
    path("my/<int:pk>/", views.MineDetailAPI.as_view(), name="my-detail"),
    path("my/<int:pk>/submissions/<int:sid>/sheet/", views.MineSheetAPI.as_view(), name="my-sheet"),
    path("my/<int:pk>/submissions/<int:sid>/recuse/", views.MineRecuseAPI.as_view(), name="my-recuse"),
]
