from django.urls import path

from tenant_apps.accounts.api import security_views, views

urlpatterns = [
    path("users/", views.UserListCreateAPI.as_view(), name="user-list"),
    path("users/<int:pk>/", views.UserDetailAPI.as_view(), name="user-detail"),
    path("users/<int:pk>/disable/", views.UserDisableAPI.as_view(), name="user-disable"),
    path("users/<int:pk>/enable/", views.UserEnableAPI.as_view(), name="user-enable"),
    path("users/<int:pk>/reset-password/", views.UserResetPasswordAPI.as_view(), name="user-reset-password"),
    path("groups/", views.GroupListCreateAPI.as_view(), name="group-list"),
    path("groups/<int:pk>/", views.GroupDetailAPI.as_view(), name="group-detail"),
    path("org-units/", views.OrgUnitListCreateAPI.as_view(), name="org-unit-list"),
    path("org-units/<int:pk>/", views.OrgUnitDetailAPI.as_view(), name="org-unit-detail"),
    path("me/", views.MeAPI.as_view(), name="me"),
    path("security/logins/", security_views.LoginLogListAPI.as_view(), name="security-login-list"),
    path("security/logins/stats/", security_views.LoginStatsAPI.as_view(), name="security-login-stats"),
    path("security/ip-blocks/", security_views.IPBlockListCreateAPI.as_view(), name="security-ip-block-list"),
    path("security/ip-blocks/<int:pk>/lift/", security_views.IPBlockLiftAPI.as_view(), name="security-ip-block-lift"),
    path("security/activity/", security_views.ActivityListAPI.as_view(), name="security-activity-list"),
    path("security/settings/", security_views.SecuritySettingsAPI.as_view(), name="security-settings"),
]
