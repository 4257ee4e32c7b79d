from django.urls import path

from tenant_apps.wechat.backoffice import views

urlpatterns = [
    path("account/", views.AccountSettingsView.as_view(), name="wechat_settings"),
    path("menu/", views.MenuEditorView.as_view(), name="wechat_menu"),
    path("followers/", views.FollowerListView.as_view(), name="wechat_followers"),
    path("binding/", views.BindingView.as_view(), name="wechat_binding"),
    path("scan/<int:pk>/", views.ScanStatusView.as_view(), name="wechat_scan_status"),
]
