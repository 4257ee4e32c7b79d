from django.urls import path

from tenant_apps.employment.applications.api import views

urlpatterns = [
    path("mine/", views.MyApplicationListAPI.as_view(), name="mine-list"),
    path("mine/<int:pk>/", views.MyApplicationDetailAPI.as_view(), name="mine-detail"),
    path("mine/<int:pk>/withdraw/", views.MyApplicationWithdrawAPI.as_view(), name="mine-withdraw"),
    path("applicants/", views.ApplicantListAPI.as_view(), name="applicant-list"),
    path("applicants/decide/", views.ApplicantDecideAPI.as_view(), name="applicant-decide"),
    path("applicants/<int:pk>/", views.ApplicantDetailAPI.as_view(), name="applicant-detail"),
    path("applicants/<int:pk>/conversation/", views.ApplicantConversationAPI.as_view(), name="applicant-conversation"),
    path("school/", views.SchoolApplicationListAPI.as_view(), name="school-list"),
    path("school/<int:pk>/", views.SchoolApplicationDetailAPI.as_view(), name="school-detail"),
    path("settings/", views.ApplicationSettingsAPI.as_view(), name="settings"),
    path("employers/<int:employer_pk>/responsiveness/", views.EmployerResponsivenessAPI.as_view(), name="employer-responsiveness"),
]
