from django.urls import path

from shared_apps.workdays import views

urlpatterns = [
    path("", views.YearListView.as_view(), name="year_list"),
    path("new/", views.YearEditView.as_view(), name="year_create"),
    path("<int:year>/", views.YearEditView.as_view(), name="year_edit"),
]
