from django.urls import path

from tenant_apps.alumni.famous.h5 import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("people/<int:pk>/", views.PersonView.as_view(), name="person"),
    path("enterprises/<int:pk>/", views.EnterpriseView.as_view(), name="enterprise"),
]
