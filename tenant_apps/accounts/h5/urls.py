from django.urls import path
from django.views.generic import RedirectView

from tenant_apps.accounts.h5 import views

urlpatterns = [
    path("", views.H5HomeView.as_view(), name="home"),
    path("login/", views.H5LoginView.as_view(), name="login"),
    path("logout/", views.h5_logout, name="logout"),
    path("me/", views.H5ProfileView.as_view(), name="profile"),
    # The message centre lives in messaging (h5:letter_list); the old name still leads there.
    path("inbox/", RedirectView.as_view(pattern_name="h5:letter_list", permanent=False), name="messages"),
]
