from django.urls import path

from tenant_apps.employment.videos.api import views

urlpatterns = [
    path("", views.VideoListAPI.as_view(), name="video-list"),
    path("published/", views.VideoPublishedAPI.as_view(), name="video-published"),
    path("<int:pk>/", views.VideoDetailAPI.as_view(), name="video-detail"),
    path("<int:pk>/publish/", views.VideoPublishAPI.as_view(), name="video-publish"),
    path("<int:pk>/play/", views.VideoPlayAPI.as_view(), name="video-play"),
]
