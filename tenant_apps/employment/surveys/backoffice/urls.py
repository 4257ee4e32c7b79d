from django.urls import path

from tenant_apps.employment.surveys.backoffice import views

urlpatterns = [
    path("", views.SurveyListView.as_view(), name="list"),
    path("<int:pk>/", views.SurveyDetailView.as_view(), name="detail"),
    path("<int:pk>/results/", views.SurveyResultsView.as_view(), name="results"),
    path("<int:pk>/export/", views.SurveyExportView.as_view(), name="export"),
]
