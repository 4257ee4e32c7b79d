from django.urls import path

from tenant_apps.employment.archives.api import views

urlpatterns = [
    path("", views.ArchiveListAPI.as_view(), name="archive_list"),
    path("<int:pk>/", views.ArchiveDetailAPI.as_view(), name="archive_detail"),
    path("assign/", views.ArchiveAssignAPI.as_view(), name="archive_assign"),
    path("remind/", views.ArchiveRemindAPI.as_view(), name="archive_remind"),
    path("me/", views.MyArchiveAPI.as_view(), name="my_archive"),
]
