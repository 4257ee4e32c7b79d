"""The employer portal, /employer/ on the school's sub-domain (namespace employment_portal, so the
module gate hides it when the employment module is off). Each recruitment sub-app adds its
portal pages here."""

from django.urls import include, path

from tenant_apps.employment.employers.portal import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("register/send-code/", views.send_code_view, name="send_code"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/licence/", views.LicenceView.as_view(), name="licence"),
    path("accounts/", views.AccountsView.as_view(), name="accounts"),
    path("school/", views.SchoolView.as_view(), name="school"),
    path("graduates/", views.GraduatesView.as_view(), name="graduates"),
    path("jobs/", include("tenant_apps.employment.jobs.portal.urls")),
    path("sessions/", include("tenant_apps.employment.sessions.portal.urls")),
    path("fairs/", include("tenant_apps.employment.fairs.portal.urls")),
    path("chat/", include("tenant_apps.employment.chat.portal.urls")),
    path("qa/", include("tenant_apps.employment.qa.portal.urls")),
    path("agreements/", include("tenant_apps.employment.agreements.portal.urls")),
    path("applications/", include("tenant_apps.employment.applications.portal.urls")),
]
