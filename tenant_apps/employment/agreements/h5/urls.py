from django.urls import path

from tenant_apps.employment.agreements.h5 import views

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<int:pk>/pdf/", views.AgreementPDFView.as_view(), name="pdf"),
]
