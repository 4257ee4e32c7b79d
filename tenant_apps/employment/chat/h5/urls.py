from django.urls import path

from tenant_apps.employment.chat.h5 import views

urlpatterns = [
    path("", views.ConversationListView.as_view(), name="list"),
    path("<int:pk>/", views.ConversationView.as_view(), name="detail"),
    path("start/<int:job_pk>/", views.StartView.as_view(), name="start"),
]
