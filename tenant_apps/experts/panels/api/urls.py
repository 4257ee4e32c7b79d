from django.urls import path

from tenant_apps.experts.panels.api.views import ProjectViewSet

urlpatterns = [
    path("projects/", ProjectViewSet.as_view({"get": "list", "post": "create"}), name="project-list"),
    path("projects/<int:pk>/", ProjectViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update"}), name="project-detail"),
    path("projects/<int:pk>/draws/", ProjectViewSet.as_view({"get": "draws"}), name="project-draws"),
]
