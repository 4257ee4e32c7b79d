"""Back office of Q&A and advising: the question queue, answering in the chat, promoting an
answer to the FAQ, the FAQ itself; advising slots with publishing, bookings, attendance and
private notes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.accounts.models import User
from tenant_apps.employment.qa import selectors, services
from tenant_apps.employment.qa.enums import AdvisingKind, QuestionCategory, QuestionStatus
from tenant_apps.employment.qa.models import FaqEntry, QuestionMessage
from tenant_apps.employment.qa.pages import QuestionChatMixin

MANAGE_FAQ = "employment_qa.manage_faq"
MANAGE_ADVISING = "employment_qa.manage_advising"


def _local(value: str):
    """A datetime-local form value in the school's time zone, or None."""
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    parsed = parse_datetime((value or "").strip())
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class QuestionListView(BackofficeMixin, TemplateView):
    permission_required = "employment_qa.view_question"
    template_name = "qa/backoffice/list.html"
    page_title = "在线问答"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = {k: self.request.GET.get(k, "").strip() for k in ("status", "category", "q", "employer_questions")}
        context.update(paginate(self.request, selectors.staff_questions(**params), per_page=20), **params, statuses=QuestionStatus.choices,
                       categories=QuestionCategory.choices, counts=selectors.question_counts())
        return context


class QuestionView(BackofficeMixin, QuestionChatMixin, TemplateView):
    permission_required = ("employment_qa.view_question", "employment_qa.answer_question")
    template_name = "qa/backoffice/detail.html"
    url_name = "backoffice:employment_qa:detail"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"categories": QuestionCategory.choices, "can_promote": self.request.user.has_perm(MANAGE_FAQ)}


class PromoteView(BackofficeMixin, View):
    permission_required = MANAGE_FAQ

    def post(self, request, pk):
        message = QuestionMessage.objects.select_related("question").filter(pk=request.POST.get("message") or 0, question_id=pk).first()
        if message is None:
            raise Http404
        try:
            services.faq_promote(actor=request.user, message=message, question_text=request.POST.get("question", ""),
                                 answer_text=request.POST.get("answer", ""), category=request.POST.get("category", ""))
            messages.success(request, "已加入常见问题，学生可在移动端查看。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:employment_qa:detail", pk=pk)


class FaqView(BackofficeMixin, TemplateView):
    permission_required = "employment_qa.view_faqentry"
    template_name = "qa/backoffice/faq.html"
    page_title = "常见问题"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, category = self.request.GET.get("q", "").strip(), self.request.GET.get("category", "")
        editing = FaqEntry.objects.filter(pk=self.request.GET.get("edit") or 0).first()
        context.update(paginate(self.request, selectors.faq_entries(q=q, category=category, published_only=False), per_page=30), q=q, category=category,
                       categories=QuestionCategory.choices, editing=editing, can_manage=self.request.user.has_perm(MANAGE_FAQ), form=kwargs.get("form", {}))
        return context

    def post(self, request):
        if not request.user.has_perm(MANAGE_FAQ):
            raise PermissionDenied
        entry = FaqEntry.objects.filter(pk=request.POST.get("entry") or 0).first()
        if request.POST.get("entry") and entry is None:
            raise Http404
        try:
            if request.POST.get("action") == "delete" and entry is not None:
                services.faq_delete(actor=request.user, entry=entry)
                messages.success(request, "已删除。")
            else:
                order = request.POST.get("sort_order", "100")
                services.faq_save(actor=request.user, entry=entry, question=request.POST.get("question", ""), answer=request.POST.get("answer", ""),
                                  category=request.POST.get("category", ""), is_published=bool(request.POST.get("is_published")),
                                  sort_order=int(order) if order.isdigit() else 100)
                messages.success(request, "已保存。")
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, form=request.POST), status=exc.status)
        return redirect("backoffice:employment_qa:faq")


class AdvisingView(BackofficeMixin, TemplateView):
    permission_required = "employment_qa.view_advisingslot"
    template_name = "qa/backoffice/advising.html"
    page_title = "咨询预约"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind, when = self.request.GET.get("kind", ""), self.request.GET.get("when", "upcoming")
        context.update(paginate(self.request, selectors.staff_slots(kind=kind, when=when), per_page=30), kind=kind, when=when, kinds=AdvisingKind.choices,
                       can_manage=self.request.user.has_perm(MANAGE_ADVISING), form=kwargs.get("form", {}),
                       advisors=User.objects.filter(kind="staff", is_active=True).order_by("display_name", "id")[:200])
        return context

    def post(self, request):
        if not request.user.has_perm(MANAGE_ADVISING):
            raise PermissionDenied
        number = lambda key, default: int(request.POST.get(key)) if (request.POST.get(key) or "").isdigit() else default  # noqa: E731
        advisor = User.objects.filter(pk=number("advisor", 0), kind="staff").first() or request.user
        try:
            slots = services.slots_publish(actor=request.user, advisor=advisor, kind=request.POST.get("kind", ""), start=_local(request.POST.get("start", "")),
                                           minutes=number("minutes", 30), count=number("count", 1), capacity=number("capacity", 1),
                                           location=request.POST.get("location", ""), online_link=request.POST.get("online_link", ""),
                                           note=request.POST.get("note", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, form=request.POST), status=exc.status)
        messages.success(request, f"已发布 {len(slots)} 个时段。")
        return redirect("backoffice:employment_qa:advising")


class SlotView(BackofficeMixin, TemplateView):
    permission_required = "employment_qa.view_advisingslot"
    template_name = "qa/backoffice/slot.html"

    def slot(self):
        slot = selectors.slot_get(pk=self.kwargs["pk"])
        if slot is None:
            raise Http404
        return slot

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slot = self.slot()
        context.update(slot=slot, bookings=selectors.slot_bookings(slot=slot), page_title=str(slot), can_manage=self.request.user.has_perm(MANAGE_ADVISING))
        return context

    def post(self, request, pk):
        if not request.user.has_perm(MANAGE_ADVISING):
            raise PermissionDenied
        slot = self.slot()
        try:
            if request.POST.get("action") == "cancel":
                services.slot_cancel(actor=request.user, slot=slot, reason=request.POST.get("reason", ""))
                messages.success(request, "时段已取消，已通知预约学生。")
            else:
                booking = slot.bookings.filter(pk=request.POST.get("booking") or 0).first()
                if booking is None:
                    raise Http404
                services.booking_record(actor=request.user, booking=booking, attended=request.POST.get("attended") == "yes", note=request.POST.get("note", ""))
                messages.success(request, "已记录。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:employment_qa:slot", pk=slot.pk)
