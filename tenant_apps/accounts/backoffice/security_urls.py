from django.urls import path

from tenant_apps.accounts.backoffice import security_views as views

# Login monitoring, IP block list, activity statistics, personal-data reveal.
urlpatterns = [
    path("logins/", views.LoginLogListView.as_view(), name="login_log_list"),
    path("logins/stats/", views.LoginStatsView.as_view(), name="login_stats"),
    path("ip-blocks/", views.IPBlockListView.as_view(), name="ip_block_list"),
    path("ip-blocks/add/", views.IPBlockAddView.as_view(), name="ip_block_add"),
    path("ip-blocks/<int:pk>/lift/", views.IPBlockLiftView.as_view(), name="ip_block_lift"),
    path("activity/", views.ActivityStatsView.as_view(), name="activity_stats"),
    path("settings/", views.SecuritySettingsView.as_view(), name="security_settings"),
    path("reveal/<str:model_label>/<int:pk>/<str:field>/", views.PersonalDataRevealView.as_view(), name="personal_data_reveal"),
]
