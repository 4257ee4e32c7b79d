from django.urls import path

from tenant_apps.employment.videos.backoffice import views

urlpatterns = [
    path("", views.VideoListView.as_view(), name="list"),
    path("<int:pk>/", views.VideoDetailView.as_view(), name="detail"),
    path("<int:pk>/stream/", views.VideoStreamView.as_view(), name="stream"),
    path("<int:pk>/poster/", views.VideoPosterView.as_view(), name="poster"),
]
