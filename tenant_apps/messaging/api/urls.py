from django.urls import path

from tenant_apps.messaging.api import views

urlpatterns = [
    path("messages/", views.MessageListCreateAPI.as_view(), name="messaging-message-list"),
    path("messages/<int:pk>/", views.MessageDetailAPI.as_view(), name="messaging-message-detail"),
    path("messages/<int:pk>/cancel/", views.MessageCancelAPI.as_view(), name="messaging-message-cancel"),
    path("messages/<int:pk>/deliveries/", views.DeliveryListAPI.as_view(), name="messaging-delivery-list"),
    path("templates/", views.TemplateListCreateAPI.as_view(), name="messaging-template-list"),
    path("templates/preview/", views.TemplatePreviewAPI.as_view(), name="messaging-template-preview"),
    path("templates/<int:pk>/", views.TemplateDetailAPI.as_view(), name="messaging-template-detail"),
    path("outbox/", views.OutboxListAPI.as_view(), name="messaging-outbox-list"),
    path("providers/", views.ProviderListCreateAPI.as_view(), name="messaging-provider-list"),
    path("providers/<int:pk>/", views.ProviderDetailAPI.as_view(), name="messaging-provider-detail"),
    path("letters/", views.LetterListAPI.as_view(), name="messaging-letter-list"),
    path("letters/<int:pk>/read/", views.LetterReadAPI.as_view(), name="messaging-letter-read"),
    path("voice/callback/<slug:provider>/", views.VoiceCallbackAPI.as_view(), name="messaging-voice-callback"),
]
