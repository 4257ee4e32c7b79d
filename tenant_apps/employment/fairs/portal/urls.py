from django.urls import path

from tenant_apps.employment.fairs.portal import views

urlpatterns = [
    path("", views.FairListView.as_view(), name="fair_list"),
]
