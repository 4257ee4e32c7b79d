from django.urls import path

from tenant_apps.employment.videos.h5 import views

urlpatterns = [
    path("", views.VideoListView.as_view(), name="list"),
    path("<int:pk>/", views.VideoPlayerView.as_view(), name="detail"),
    path("<int:pk>/stream/", views.VideoStreamView.as_view(), name="stream"),
    path("<int:pk>/poster/", views.VideoPosterView.as_view(), name="poster"),
    path("<int:pk>/play/", views.VideoPlayView.as_view(), name="play"),
]
