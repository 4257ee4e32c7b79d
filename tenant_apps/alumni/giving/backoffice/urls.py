from django.urls import path

from tenant_apps.alumni.giving.backoffice import views

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("new/", views.ProjectFormView.as_view(), name="project_add"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", views.ProjectFormView.as_view(), name="project_edit"),
    path("donations/", views.DonationListView.as_view(), name="donation_list"),
    path("donations/<int:pk>/", views.DonationDetailView.as_view(), name="donation_detail"),
    path("donations/<int:pk>/certificate.pdf", views.DonationCertificateView.as_view(), name="donation_certificate"),
    path("receipts/", views.ReceiptImportView.as_view(), name="receipt_import"),
    path("receipts/template/", views.ReceiptTemplateView.as_view(), name="receipt_template"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
