from django.urls import path

from tenant_apps.employment.archives.h5 import views

urlpatterns = [
    path("", views.MyArchiveView.as_view(), name="my_archive"),
]
