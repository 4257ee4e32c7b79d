from django.urls import path

from shared_apps.provisioning import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("robots.txt", views.robots),
    path("legal/terms/", views.legal_terms, name="legal_terms"),
    path("legal/privacy/", views.legal_privacy, name="legal_privacy"),
    path("signup/", views.signup, name="signup"),
    path("signup/check-slug/", views.check_slug, name="signup_check_slug"),
    path("signup/verify/<str:token>/", views.signup_verify, name="signup_verify"),
    path("signup/<uuid:public_id>/sent/", views.signup_sent, name="signup_sent"),
    path("signup/<uuid:public_id>/resend/", views.signup_resend, name="signup_resend"),
    path("signup/<uuid:public_id>/checkout/", views.signup_checkout, name="signup_checkout"),
    path("signup/<uuid:public_id>/progress/", views.signup_progress, name="signup_progress"),
    path("signup/<uuid:public_id>/status/", views.signup_status, name="signup_status"),
    path("signup/<uuid:public_id>/retry/", views.signup_retry, name="signup_retry"),
]
