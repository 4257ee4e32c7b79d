from django.urls import path

from tenant_apps.employment.assessment.h5 import views

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("take/<str:code>/", views.TakeView.as_view(), name="take"),
    path("results/<int:pk>/", views.ResultView.as_view(), name="result"),
]
