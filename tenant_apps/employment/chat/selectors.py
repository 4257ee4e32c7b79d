"""Reads of the chat: who may see which conversation (the student in it, or any HR account of
its employer), the messages, unread totals, the school's report queue."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from tenant_apps.employment.chat.enums import ReportStatus, Side
from tenant_apps.employment.chat.models import ChatMessage, Conversation, ConversationReport
from tenant_apps.employment.employers.selectors import employer_for_user


def side_of(*, user, conversation: Conversation) -> str | None:
    """"student", "employer" or None (the user is not part of the conversation)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if conversation.student_id == user.pk:
        return Side.STUDENT
    employer = employer_for_user(user)
    if employer is not None and employer.pk == conversation.employer_id:
        return Side.EMPLOYER
    return None


def conversations_for(*, user, q: str = "") -> QuerySet[Conversation]:
    """The user's conversations, most recent first: an HR sees its employer's, anyone else their own."""
    queryset = Conversation.objects.select_related("job", "employer", "student")
    employer = employer_for_user(user)
    queryset = queryset.filter(employer=employer) if employer is not None else queryset.filter(student_id=user.pk)
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(Q(job__title__icontains=q) | Q(employer__name__icontains=q) | Q(student__display_name__icontains=q))
    return queryset.order_by("-last_message_at", "-id")


def conversation_for(*, user, pk: int) -> Conversation | None:
    return conversations_for(user=user).filter(pk=pk).first()


def unread_for(*, user) -> int:
    employer = employer_for_user(user)
    if employer is not None:
        return Conversation.objects.filter(employer=employer).aggregate(n=Sum("employer_unread"))["n"] or 0
    return Conversation.objects.filter(student_id=user.pk).aggregate(n=Sum("student_unread"))["n"] or 0


def messages_page(*, conversation: Conversation, before: int | None = None, limit: int = 50) -> tuple[list[ChatMessage], bool]:
    """The latest `limit` messages (older than message id `before`), oldest first, and whether older ones exist."""
    queryset = conversation.messages.order_by("-id")
    if before:
        queryset = queryset.filter(id__lt=before)
    rows = list(queryset.select_related("sender")[: limit + 1])
    return list(reversed(rows[:limit])), len(rows) > limit


def report_queue(*, status: str = "open") -> QuerySet[Conversation]:
    """Reported conversations for teachers, with open reports first."""
    queryset = Conversation.objects.select_related("job", "employer", "student").annotate(
        open_reports=Count("reports", filter=Q(reports__status=ReportStatus.OPEN)), all_reports=Count("reports")).filter(all_reports__gt=0)
    if status == "open":
        queryset = queryset.filter(open_reports__gt=0)
    return queryset.order_by("-open_reports", "-last_message_at", "-id")


def reported_conversation(*, pk: int) -> Conversation | None:
    """A conversation teachers may read: only one that somebody reported."""
    return report_queue(status="all").filter(pk=pk).first()


def reports_of(*, conversation: Conversation) -> QuerySet[ConversationReport]:
    return conversation.reports.select_related("reporter", "resolved_by").order_by("-created_at")
