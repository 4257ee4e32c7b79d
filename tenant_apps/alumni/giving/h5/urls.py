from django.urls import path

from tenant_apps.alumni.giving.h5 import views

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("mine/", views.MyDonationsView.as_view(), name="mine"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("donations/<int:pk>/", views.DonationView.as_view(), name="donation"),
    path("donations/<int:pk>/pay/", views.PayView.as_view(), name="pay"),
    path("donations/<int:pk>/certificate.pdf", views.CertificateView.as_view(), name="certificate"),
    path("certificates/<str:code>/", views.certificate_verify, name="verify"),
]
