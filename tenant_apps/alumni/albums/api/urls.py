from django.urls import path

from tenant_apps.alumni.albums.api import views

urlpatterns = [
    path("", views.AlbumListAPI.as_view(), name="album-list"),
    path("review-queue/", views.ReviewQueueAPI.as_view(), name="review-queue"),
    path("face/", views.FaceEnrolmentAPI.as_view(), name="face"),
    path("face/photos/", views.FacePhotosAPI.as_view(), name="face-photos"),
    path("face/statistics/", views.FaceStatisticsAPI.as_view(), name="face-statistics"),
    path("photos/<int:pk>/", views.PhotoDeleteAPI.as_view(), name="photo-detail"),
    path("photos/<int:pk>/review/", views.PhotoReviewAPI.as_view(), name="photo-review"),
    path("<int:pk>/", views.AlbumDetailAPI.as_view(), name="album-detail"),
    path("<int:pk>/photos/", views.AlbumPhotoListAPI.as_view(), name="album-photos"),
    path("<int:pk>/review/", views.AlbumReviewAPI.as_view(), name="album-review"),
    path("<int:pk>/index/", views.AlbumIndexAPI.as_view(), name="album-index"),
]
