from django.urls import path

from tenant_apps.alumni.card.backoffice import views

urlpatterns = [
    path("", views.CardHomeView.as_view(), name="home"),
    path("cards/", views.CardListView.as_view(), name="card_list"),
    path("partners/", views.PartnerListView.as_view(), name="partner_list"),
    path("partners/new/", views.PartnerFormView.as_view(), name="partner_add"),
    path("partners/<int:pk>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path("partners/<int:pk>/edit/", views.PartnerFormView.as_view(), name="partner_edit"),
    path("partners/<int:pk>/print/", views.PartnerPrintView.as_view(), name="partner_print"),
    path("scans/", views.ScanListView.as_view(), name="scan_list"),
    path("coupons/", views.BatchListView.as_view(), name="batch_list"),
    path("coupons/new/", views.BatchFormView.as_view(), name="batch_add"),
    path("coupons/<int:pk>/", views.BatchDetailView.as_view(), name="batch_detail"),
    path("coupons/<int:pk>/edit/", views.BatchFormView.as_view(), name="batch_edit"),
    path("redemptions/", views.RedemptionListView.as_view(), name="redemption_list"),
    path("key-alumni/", views.KeyAlumniView.as_view(), name="key_list"),
]
