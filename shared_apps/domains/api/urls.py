from django.urls import path

from shared_apps.domains.api import views

# Mounted at /api/v1/domains/ in the "api:domains" namespace.
urlpatterns = [
    path("", views.CustomDomainListAPI.as_view(), name="custom_domain_list"),
    path("<int:pk>/", views.CustomDomainDetailAPI.as_view(), name="custom_domain_detail"),
    path("<int:pk>/verify/", views.CustomDomainVerifyAPI.as_view(), name="custom_domain_verify"),
]
