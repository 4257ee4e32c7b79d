from django.urls import path

from tenant_apps.employment.surveys.api import views

urlpatterns = [
    path("", views.SurveyListAPI.as_view(), name="survey-list"),
    path("open/", views.OpenSurveysAPI.as_view(), name="survey-open"),
    path("<int:pk>/", views.SurveyDetailAPI.as_view(), name="survey-detail"),
    path("<int:pk>/publish/", views.SurveyPublishAPI.as_view(), name="survey-publish"),
    path("<int:pk>/results/", views.SurveyResultsAPI.as_view(), name="survey-results"),
    path("<int:pk>/responses/", views.SurveyRespondAPI.as_view(), name="survey-respond"),
    path("<int:pk>/questions/", views.SurveyQuestionAddAPI.as_view(), name="survey-question-add"),
    path("<int:pk>/questions/<int:question_id>/", views.SurveyQuestionDeleteAPI.as_view(), name="survey-question-delete"),
    path("<int:pk>/quotas/", views.SurveyQuotaAPI.as_view(), name="survey-quota"),
    path("<int:pk>/close/", views.SurveyCloseAPI.as_view(), name="survey-close"),
]
