from django.urls import path

from tenant_apps.employment.push.api import views

urlpatterns = [
    path("", views.PushListAPI.as_view(), name="push-list"),
    path("preview/", views.PushPreviewAPI.as_view(), name="push-preview"),
    path("item-types/", views.PushItemTypesAPI.as_view(), name="push-item-types"),
    path("<int:pk>/", views.PushDetailAPI.as_view(), name="push-detail"),
    path("<int:pk>/deliveries/", views.PushDeliveriesAPI.as_view(), name="push-deliveries"),
    path("<int:pk>/cancel/", views.PushCancelAPI.as_view(), name="push-cancel"),
]
