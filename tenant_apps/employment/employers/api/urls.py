from django.urls import path

from tenant_apps.employment.employers.api import views

urlpatterns = [
    path("", views.EmployerListAPI.as_view(), name="employer-list"),
    path("statistics/", views.EmployerStatisticsAPI.as_view(), name="employer-statistics"),
    path("school-profile/", views.SchoolProfileAPI.as_view(), name="school-profile"),
    path("graduate-numbers/", views.GraduateNumbersAPI.as_view(), name="graduate-numbers"),
    path("list-entries/", views.ListEntryListAPI.as_view(), name="list-entry-list"),
    path("list-entries/<int:pk>/", views.ListEntryDetailAPI.as_view(), name="list-entry-detail"),
    path("<int:pk>/", views.EmployerDetailAPI.as_view(), name="employer-detail"),
    path("<int:pk>/review/", views.EmployerReviewAPI.as_view(), name="employer-review"),
    path("<int:pk>/permissions/", views.EmployerPermissionsAPI.as_view(), name="employer-permissions"),
]
