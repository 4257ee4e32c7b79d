from django.urls import path

from tenant_apps.alumni.albums.h5 import views

urlpatterns = [
    path("", views.AlbumListView.as_view(), name="list"),
    path("new/", views.AlbumCreateView.as_view(), name="add"),
    path("face/", views.FaceView.as_view(), name="face"),
    path("face/photos/", views.FoundPhotosView.as_view(), name="found"),
    path("<int:pk>/", views.AlbumDetailView.as_view(), name="detail"),
    path("<int:pk>/progress/", views.AlbumProgressView.as_view(), name="progress"),
]
