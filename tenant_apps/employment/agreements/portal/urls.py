from django.urls import path

from tenant_apps.employment.agreements.portal import views

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("<int:pk>/pdf/", views.AgreementPDFView.as_view(), name="agreement_pdf"),
]
