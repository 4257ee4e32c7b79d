from django.urls import path

from tenant_apps.messaging.backoffice import views

urlpatterns = [
    path("messages/", views.MessageListView.as_view(), name="message_list"),
    path("compose/", views.MessageComposeView.as_view(), name="message_compose"),
    path("messages/<int:pk>/", views.MessageDetailView.as_view(), name="message_detail"),
    path("messages/<int:pk>/export/", views.MessageExportView.as_view(), name="message_export"),
    path("messages/<int:pk>/cancel/", views.MessageCancelView.as_view(), name="message_cancel"),
    path("templates/", views.TemplateListView.as_view(), name="message_template_list"),
    path("templates/new/", views.TemplateFormView.as_view(), name="message_template_create"),
    path("templates/preview/", views.TemplatePreviewView.as_view(), name="message_template_preview"),
    path("templates/<int:pk>/", views.TemplateFormView.as_view(), name="message_template_edit"),
    path("templates/<int:pk>/delete/", views.TemplateDeleteView.as_view(), name="message_template_delete"),
    path("templates/<int:pk>/test-send/", views.TemplateTestSendView.as_view(), name="message_template_test_send"),
    path("outbox/", views.OutboxListView.as_view(), name="outbox_list"),
    path("outbox/<int:pk>/", views.OutboxDetailView.as_view(), name="outbox_detail"),
    path("outbox/<int:pk>/voice-answer/", views.OutboxVoiceAnswerView.as_view(), name="outbox_voice_answer"),
    path("providers/", views.ProviderConfigListView.as_view(), name="provider_config_list"),
    path("providers/new/", views.ProviderConfigFormView.as_view(), name="provider_config_create"),
    path("providers/<int:pk>/", views.ProviderConfigFormView.as_view(), name="provider_config_edit"),
]
