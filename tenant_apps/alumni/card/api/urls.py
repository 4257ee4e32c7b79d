from django.urls import path

from tenant_apps.alumni.card.api import views

urlpatterns = [
    path("settings/", views.SettingsAPI.as_view(), name="settings"),
    path("mine/", views.MineAPI.as_view(), name="mine"),
    path("mine/claim/", views.ClaimAPI.as_view(), name="claim"),
    path("mine/coupons/", views.MyCouponsAPI.as_view(), name="my-coupons"),
    path("mine/coupons/<int:pk>/redeem/", views.RedeemAPI.as_view(), name="coupon-redeem"),
    path("scan/<str:qr_key>/", views.ScanStartAPI.as_view(), name="scan-start"),
    path("scans/<int:pk>/token/", views.LiveTokenAPI.as_view(), name="live-token"),
    path("verify/", views.VerifyAPI.as_view(), name="verify"),
    path("partners/public/", views.PublicPartnersAPI.as_view(), name="partners-public"),
    path("partners/", views.PartnerListAPI.as_view(), name="partner-list"),
    path("partners/<int:pk>/", views.PartnerDetailAPI.as_view(), name="partner-detail"),
    path("scans/", views.ScanListAPI.as_view(), name="scan-list"),
    path("checks/", views.CheckListAPI.as_view(), name="check-list"),
    path("cards/", views.CardListAPI.as_view(), name="card-list"),
    path("cards/<int:pk>/status/", views.CardStatusAPI.as_view(), name="card-status"),
    path("coupon-batches/", views.BatchListAPI.as_view(), name="batch-list"),
    path("coupon-batches/<int:pk>/", views.BatchDetailAPI.as_view(), name="batch-detail"),
    path("coupon-batches/<int:pk>/issue/", views.BatchIssueAPI.as_view(), name="batch-issue"),
    path("coupons/", views.CouponListAPI.as_view(), name="coupon-list"),
    path("key-alumni/", views.KeyAlumniAPI.as_view(), name="key-alumni"),
    path("key-alumni/<int:pk>/", views.KeyAlumnusDetailAPI.as_view(), name="key-alumnus"),
]
