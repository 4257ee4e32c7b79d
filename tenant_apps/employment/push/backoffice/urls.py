from django.urls import path

from tenant_apps.employment.push.backoffice import views

urlpatterns = [
    path("", views.PushListView.as_view(), name="list"),
    path("new/", views.PushCreateView.as_view(), name="create"),
    path("preview/", views.PushPreviewView.as_view(), name="preview"),
    path("items/", views.PushItemChoicesView.as_view(), name="items"),
    path("<int:pk>/", views.PushDetailView.as_view(), name="detail"),
    path("<int:pk>/progress/", views.PushProgressView.as_view(), name="progress"),
    path("<int:pk>/cancel/", views.PushCancelView.as_view(), name="cancel"),
]
