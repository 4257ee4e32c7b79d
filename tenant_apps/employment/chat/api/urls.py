from django.urls import path

from tenant_apps.employment.chat.api import views

urlpatterns = [
    path("conversations/", views.ConversationListAPI.as_view(), name="conversation-list"),
    path("conversations/<int:pk>/messages/", views.MessageListAPI.as_view(), name="message-list"),
    path("conversations/<int:pk>/report/", views.ReportAPI.as_view(), name="report"),
    path("reports/", views.ReportQueueAPI.as_view(), name="report-queue"),
    path("reports/<int:pk>/resolve/", views.ReportResolveAPI.as_view(), name="reports-resolve"),
]
