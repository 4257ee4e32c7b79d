from django.urls import path

from tenant_apps.privacy.backoffice import views

urlpatterns = [
    path("", views.RequestListView.as_view(), name="list"),
    path("new/", views.RequestCreateView.as_view(), name="add"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="detail"),
]
