from django.urls import path

from tenant_apps.employment.students.api import views

urlpatterns = [
    path("", views.RecordListAPI.as_view(), name="record_list"),
    path("<int:pk>/", views.RecordDetailAPI.as_view(), name="record_detail"),
    path("<int:pk>/review/", views.RecordReviewAPI.as_view(), name="record_review"),
    path("me/", views.MyRecordAPI.as_view(), name="my_record"),
    path("me/confirm/", views.MyRecordConfirmAPI.as_view(), name="my_record_confirm"),
    path("me/correction/", views.MyRecordCorrectionAPI.as_view(), name="my_record_correction"),
    path("progress/", views.ProgressAPI.as_view(), name="progress"),
    path("remind/", views.RemindAPI.as_view(), name="remind"),
    path("import/", views.GraduateImportAPI.as_view(), name="import"),
    path("settings/", views.SettingsAPI.as_view(), name="settings"),
]
