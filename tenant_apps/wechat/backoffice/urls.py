from django.urls import path

from tenant_apps.wechat.backoffice import views

urlpatterns = [
    path("account/", views.AccountSettingsView.as_view(), name="wechat_settings"),
    path("menu/", views.MenuEditorView.as_view(), name="wechat_menu"),
    path("followers/", views.FollowerListView.as_view(), name="wechat_followers"),
]
