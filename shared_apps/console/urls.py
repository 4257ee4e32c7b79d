from django.urls import path

from shared_apps.console import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/second-factor/", views.SecondFactorVerifyView.as_view(), name="otp_verify"),
    path("login/second-factor/setup/", views.SecondFactorSetupView.as_view(), name="otp_setup"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("tenants/", views.TenantListView.as_view(), name="tenant_list"),
    path("tenants/<slug:slug>/", views.TenantDetailView.as_view(), name="tenant_detail"),
    path("tenants/<slug:slug>/suspend/", views.TenantSuspendView.as_view(), name="tenant_suspend"),
    path("tenants/<slug:slug>/resume/", views.TenantResumeView.as_view(), name="tenant_resume"),
    path("tenants/<slug:slug>/modules/", views.TenantModulesView.as_view(), name="tenant_modules"),
    path("tenants/<slug:slug>/plan/", views.TenantPlanView.as_view(), name="tenant_plan"),
    path("tenants/<slug:slug>/offline-payment/", views.TenantOfflinePaymentView.as_view(), name="tenant_offline_payment"),
    path("tenants/<slug:slug>/audit-export/", views.TenantAuditExportView.as_view(), name="tenant_audit_export"),
    path("tenants/<slug:slug>/impersonate/", views.TenantImpersonateView.as_view(), name="tenant_impersonate"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/<slug:code>/stripe/create/", views.PlanStripeCreateView.as_view(), name="plan_stripe_create"),
    path("plans/<slug:code>/stripe/link/", views.PlanStripeLinkView.as_view(), name="plan_stripe_link"),
    path("signups/failed/", views.SignupFailedListView.as_view(), name="signup_failed_list"),
    path("signups/<int:pk>/retry/", views.SignupRetryView.as_view(), name="signup_retry"),
    path("health/", views.HealthView.as_view(), name="health"),
    path("health/pool/refill/", views.PoolRefillView.as_view(), name="pool_refill"),
    path("staff/", views.StaffListView.as_view(), name="staff_list"),
    path("staff/<int:user_id>/second-factor/reset/", views.SecondFactorResetView.as_view(), name="second_factor_reset"),
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
]
