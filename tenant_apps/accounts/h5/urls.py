from django.urls import path

from tenant_apps.accounts.h5 import views

urlpatterns = [
    path("", views.H5HomeView.as_view(), name="home"),
    path("login/", views.H5LoginView.as_view(), name="login"),
    path("logout/", views.h5_logout, name="logout"),
    path("me/", views.H5ProfileView.as_view(), name="profile"),
    path("inbox/", views.H5MessagesRedirectView.as_view(), name="messages"),
]
