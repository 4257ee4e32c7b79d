from django.urls import path

from tenant_apps.wechat.h5 import views

urlpatterns = [
    path("login/", views.WeChatLoginView.as_view(), name="wechat_login"),
    path("callback/", views.OAuthCallbackView.as_view(), name="wechat_oauth_callback"),
    path("bind/", views.BindView.as_view(), name="wechat_bind"),
    path("bind/code/", views.BindCodeView.as_view(), name="wechat_bind_code"),
    path("account/", views.BindingView.as_view(), name="wechat_binding"),
    path("unbind/", views.UnbindView.as_view(), name="wechat_unbind"),
    path("password-reset/", views.PasswordResetView.as_view(), name="wechat_password_reset"),
]
