from django.urls import path

from tenant_apps.cms.h5 import views

# Mounted at /h5/site/ in the "h5" namespace.
urlpatterns = [
    path("image/<str:kind>/<int:pk>/", views.site_image, name="site_image"),
]
