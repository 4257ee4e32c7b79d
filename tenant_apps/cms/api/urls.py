from django.urls import path

from tenant_apps.cms.api import views

# Mounted at /api/v1/site/ in the "api" namespace.
urlpatterns = [
    path("public/", views.PublicSiteAPI.as_view(), name="site-public"),
    path("settings/", views.SiteSettingsAPI.as_view(), name="site-settings"),
    path("upload-limits/", views.UploadLimitsAPI.as_view(), name="site-upload-limits"),
    path("carousel/", views.CarouselListCreateAPI.as_view(), name="site-carousel-list"),
    path("carousel/<int:pk>/", views.CarouselDetailAPI.as_view(), name="site-carousel-detail"),
    path("links/", views.LinkListCreateAPI.as_view(), name="site-link-list"),
    path("links/<int:pk>/", views.LinkDetailAPI.as_view(), name="site-link-detail"),
    path("floating/", views.FloatingListCreateAPI.as_view(), name="site-floating-list"),
    path("floating/<int:pk>/", views.FloatingDetailAPI.as_view(), name="site-floating-detail"),
]
