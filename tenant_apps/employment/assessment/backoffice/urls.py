from django.urls import path

from tenant_apps.employment.assessment.backoffice import views

urlpatterns = [
    path("", views.ResultListView.as_view(), name="results"),
    path("results/<int:pk>/", views.ResultDetailView.as_view(), name="result_detail"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("banks/", views.BankListView.as_view(), name="banks"),
]
