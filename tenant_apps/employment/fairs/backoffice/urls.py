from django.urls import path

from tenant_apps.employment.fairs.backoffice import views

urlpatterns = [
    path("", views.FairListView.as_view(), name="list"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("<int:pk>/", views.FairDetailView.as_view(), name="detail"),
    path("<int:pk>/map/", views.BoothMapView.as_view(), name="map"),
    path("<int:pk>/wall/", views.WallView.as_view(), name="wall"),
    path("<int:pk>/wall/stream/", views.WallStreamView.as_view(), name="wall_stream"),
]
