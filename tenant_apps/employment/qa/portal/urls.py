from django.urls import path

from tenant_apps.employment.qa.portal import views

urlpatterns = [
    path("", views.QuestionListView.as_view(), name="qa_list"),
    path("<int:pk>/", views.QuestionView.as_view(), name="qa_detail"),
]
