from django.urls import path

from tenant_apps.alumni.albums.backoffice import views

urlpatterns = [
    path("", views.AlbumListView.as_view(), name="list"),
    path("new/", views.AlbumFormView.as_view(), name="add"),
    path("review/", views.ReviewView.as_view(), name="review"),
    path("faces/", views.FaceStatisticsView.as_view(), name="faces"),
    path("<int:pk>/", views.AlbumDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.AlbumFormView.as_view(), name="edit"),
    path("<int:pk>/progress/", views.AlbumProgressView.as_view(), name="progress"),
]
