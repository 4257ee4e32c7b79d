from django.urls import path

from tenant_apps.alumni.card.h5 import views

urlpatterns = [
    path("", views.MyCardView.as_view(), name="mine"),
    path("claim/", views.ClaimView.as_view(), name="claim"),
    path("coupons/", views.MyCouponsView.as_view(), name="coupons"),
    path("partners/<int:pk>/", views.PartnerPageView.as_view(), name="partner"),
    path("p/<str:qr_key>/", views.PartnerScanView.as_view(), name="partner_scan"),
    path("live/<int:scan_id>/", views.LiveView.as_view(), name="live"),
    path("live/<int:scan_id>/token/", views.LiveTokenView.as_view(), name="live_token"),
    path("live/<int:scan_id>/redeem/<int:coupon_id>/", views.RedeemView.as_view(), name="redeem"),
    path("staff/<str:staff_key>/", views.StaffView.as_view(), name="staff"),
    path("check/", views.CheckView.as_view(), name="check"),
]
