from django.urls import path

from tenant_apps.employment.assessment.api import views

urlpatterns = [
    path("instruments/", views.InstrumentListAPI.as_view(), name="instrument-list"),
    path("instruments/<str:code>/", views.InstrumentDetailAPI.as_view(), name="instrument-detail"),
    path("instruments/<str:code>/submit/", views.SubmitAPI.as_view(), name="submit"),
    path("mine/", views.MyResultsAPI.as_view(), name="mine"),
    path("results/", views.ResultListAPI.as_view(), name="result-list"),
    path("results/<int:pk>/", views.ResultDetailAPI.as_view(), name="result-detail"),
    path("statistics/", views.StatisticsAPI.as_view(), name="statistics"),
    path("banks/", views.BankListAPI.as_view(), name="bank-list"),
]
