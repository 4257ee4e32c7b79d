from django.urls import path

from tenant_apps.wechat.api import views

urlpatterns = [
    path("callback/", views.CallbackView.as_view(), name="wechat_callback"),
    path("jssdk-signature/", views.JssdkSignatureView.as_view(), name="wechat_jssdk_signature"),
    path("account/", views.WechatAccountSettingsAPI.as_view(), name="wechat_account_settings"),
    path("binding/", views.WechatBindingAPI.as_view(), name="wechat_binding"),
]
