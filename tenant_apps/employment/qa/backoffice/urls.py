from django.urls import path

from tenant_apps.employment.qa.backoffice import views

urlpatterns = [
    path("", views.QuestionListView.as_view(), name="list"),
    path("<int:pk>/", views.QuestionView.as_view(), name="detail"),
    path("<int:pk>/promote/", views.PromoteView.as_view(), name="promote"),
    path("faq/", views.FaqView.as_view(), name="faq"),
    path("advising/", views.AdvisingView.as_view(), name="advising"),
    path("advising/<int:pk>/", views.SlotView.as_view(), name="slot"),
]
