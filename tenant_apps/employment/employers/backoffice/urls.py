from django.urls import path

from tenant_apps.employment.employers.backoffice import views

urlpatterns = [
    path("", views.EmployerListView.as_view(), name="list"),
    path("new/", views.EmployerAddView.as_view(), name="add"),
    path("lists/", views.ListEntriesView.as_view(), name="lists"),
    path("tags/", views.TagListView.as_view(), name="tags"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("school/", views.SchoolProfileView.as_view(), name="school"),
    path("<int:pk>/", views.EmployerDetailView.as_view(), name="detail"),
    path("<int:pk>/reveal/", views.EmployerRevealView.as_view(), name="reveal"),
    path("<int:pk>/licence/", views.EmployerLicenceView.as_view(), name="licence"),
]
