from django.urls import path

from tenant_apps.alumni.giving.api import views

urlpatterns = [
    path("projects/", views.ProjectListAPI.as_view(), name="project-list"),
    path("projects/<int:pk>/", views.ProjectDetailAPI.as_view(), name="project-detail"),
    path("projects/<int:pk>/updates/", views.ProjectUpdateListAPI.as_view(), name="update-list"),
    path("projects/<int:pk>/donate/", views.DonateAPI.as_view(), name="donate"),
    path("me/donations/", views.MyDonationListAPI.as_view(), name="my-donations"),
    path("me/donations/<int:pk>/", views.MyDonationDetailAPI.as_view(), name="my-donation-detail"),
    path("me/donations/<int:pk>/pay/", views.DonationPayAPI.as_view(), name="donation-pay"),
    path("me/timeline/", views.MyTimelineAPI.as_view(), name="my-timeline"),
    path("donations/", views.DonationListAPI.as_view(), name="donation-list"),
    path("donations/<int:pk>/", views.DonationDetailAPI.as_view(), name="donation-detail"),
    path("donations/<int:pk>/refund/", views.DonationRefundAPI.as_view(), name="donation-refund"),
    path("receipts/", views.ReceiptRecordAPI.as_view(), name="receipt-record"),
    path("statistics/", views.StatisticsAPI.as_view(), name="statistics"),
    path("settings/", views.SettingsAPI.as_view(), name="settings"),
    path("certificates/verify/", views.CertificateVerifyAPI.as_view(), name="certificate-verify"),
]
