from django.urls import path

from tenant_apps.employment.agreements.api import views

urlpatterns = [
    path("", views.AgreementListAPI.as_view(), name="agreement-list"),
    path("queue/", views.AgreementQueueAPI.as_view(), name="agreement-queue"),
    path("verify/", views.AgreementVerifyAPI.as_view(), name="agreement-verify"),
    path("employer/", views.EmployerAgreementListAPI.as_view(), name="employer-agreement-list"),
    path("employer/seal/", views.EmployerSealAPI.as_view(), name="employer-seal"),
    path("employer/<int:pk>/", views.EmployerAgreementDetailAPI.as_view(), name="employer-agreement-detail"),
    path("employer/<int:pk>/withdraw/", views.EmployerAgreementWithdrawAPI.as_view(), name="employer-agreement-withdraw"),
    path("mine/", views.MyAgreementListAPI.as_view(), name="my-agreement-list"),
    path("mine/<int:pk>/", views.MyAgreementDetailAPI.as_view(), name="my-agreement-detail"),
    path("mine/<int:pk>/answer/", views.MyAgreementAnswerAPI.as_view(), name="my-agreement-answer"),
    path("<int:pk>/", views.AgreementDetailAPI.as_view(), name="agreement-detail"),
    path("<int:pk>/review/", views.AgreementReviewAPI.as_view(), name="agreement-review"),
    path("<int:pk>/termination/", views.AgreementTerminationAPI.as_view(), name="agreement-termination"),
    path("<int:pk>/termination-decision/", views.AgreementTerminationDecisionAPI.as_view(), name="agreement-termination-decision"),
    path("<int:pk>/pdf/", views.AgreementPDFAPI.as_view(), name="agreement-pdf"),
]
