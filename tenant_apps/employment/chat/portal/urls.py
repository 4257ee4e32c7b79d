from django.urls import path

from tenant_apps.employment.chat.portal import views

urlpatterns = [
    path("", views.ConversationListView.as_view(), name="chat_list"),
    path("<int:pk>/", views.ConversationView.as_view(), name="chat_detail"),
]
