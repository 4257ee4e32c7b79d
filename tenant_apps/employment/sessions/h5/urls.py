from django.urls import path

from tenant_apps.employment.sessions.h5 import views

urlpatterns = [
    path("", views.SessionListView.as_view(), name="list"),
    path("mine/", views.MySignupsView.as_view(), name="mine"),
    path("<int:pk>/", views.SessionDetailView.as_view(), name="detail"),
]
