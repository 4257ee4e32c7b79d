from django.urls import path

from tenant_apps.employment.surveys.h5 import views

urlpatterns = [
    path("", views.MySurveysView.as_view(), name="list"),
    path("<int:pk>/", views.AnswerView.as_view(), name="answer"),
]
