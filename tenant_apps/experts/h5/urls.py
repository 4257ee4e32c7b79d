from django.urls import path

from tenant_apps.experts.h5 import views

urlpatterns = [
    path("join/", views.JoinView.as_view(), name="join"),
    path("apply/<int:step>/", views.ApplyView.as_view(), name="apply"),
    path("me/", views.CenterView.as_view(), name="center"),
    path("me/profile/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("me/leave/", views.LeaveView.as_view(), name="leave"),
    path("me/avoidance/", views.AvoidanceView.as_view(), name="avoidance"),
    path("me/points/", views.PointsView.as_view(), name="points"),
    path("me/recommend/", views.RecommendView.as_view(), name="recommend"),
    path("me/certificate/", views.MyCertificateView.as_view(), name="my_certificate"),
    path("certificates/verify/<str:token>/", views.certificate_verify, name="certificate_verify"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
]
