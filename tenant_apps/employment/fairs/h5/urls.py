from django.urls import path

from tenant_apps.employment.fairs.h5 import views

urlpatterns = [
    path("", views.FairListView.as_view(), name="list"),
    path("tickets/", views.MyTicketsView.as_view(), name="tickets"),
    path("<int:pk>/", views.FairDetailView.as_view(), name="detail"),
    path("<int:pk>/door/", views.DoorView.as_view(), name="door"),
]
