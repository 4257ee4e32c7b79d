from django.urls import path

from tenant_apps.privacy.api import views

urlpatterns = [
    path("requests/", views.PrivacyRequestListAPI.as_view(), name="privacy-request-list"),
    path("requests/<int:pk>/", views.PrivacyRequestDetailAPI.as_view(), name="privacy-request-detail"),
    path("requests/<int:pk>/export/", views.PrivacyRequestExportAPI.as_view(), name="privacy-request-export"),
    path("requests/<int:pk>/erase/", views.PrivacyRequestEraseAPI.as_view(), name="privacy-request-erase"),
    path("requests/<int:pk>/handle/", views.PrivacyRequestHandleAPI.as_view(), name="privacy-request-handle"),
    path("requests/<int:pk>/withdraw/", views.PrivacyRequestWithdrawAPI.as_view(), name="privacy-request-withdraw"),
]
