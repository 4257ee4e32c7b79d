from django.urls import path

from tenant_apps.employment.students.h5 import views

urlpatterns = [
    path("", views.MyRecordView.as_view(), name="my_record"),
]
