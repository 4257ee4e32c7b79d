from django.urls import path

from core.files import views

app_name = "files"

urlpatterns = [
    path("d/<str:token>/", views.download, name="download"),
    path("b/<str:token>/", views.blob, name="blob"),
]
