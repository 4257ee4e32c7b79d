"""HR's chat in the employer portal (PC and phone): the employer's conversations and one
conversation. Only conversations of the HR's own employer are found (another id is a 404)."""

from __future__ import annotations

from django.views.generic import TemplateView

from tenant_apps.employment.chat.pages import ConversationListMixin, ConversationMixin
from tenant_apps.employment.employers.portal.base import EmployerPortalMixin


class ConversationListView(EmployerPortalMixin, ConversationListMixin, TemplateView):
    template_name = "chat/portal/list.html"
    page_title = "学生咨询"
    portal_section = "chat"


class ConversationView(EmployerPortalMixin, ConversationMixin, TemplateView):
    template_name = "chat/portal/conversation.html"
    portal_section = "chat"
    url_name = "employment_portal:chat_detail"
