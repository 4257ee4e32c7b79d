from django.urls import path

from tenant_apps.alumni.orgs.h5 import views

urlpatterns = [
    path("", views.ChapterListView.as_view(), name="chapters"),
    path("<int:pk>/", views.ChapterView.as_view(), name="chapter"),
    path("admin-invitations/<str:token>/", views.AdminAcceptView.as_view(), name="admin_accept"),
    path("manage/", views.ManageListView.as_view(), name="manage_list"),
    path("manage/<int:pk>/", views.ManageView.as_view(), name="manage"),
    path("exports/<int:pk>/download/", views.ExportDownloadView.as_view(), name="export_download"),
]
