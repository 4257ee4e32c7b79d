"""Students' H5: my questions, asking (the teachers, or one employer), the chat, the public
FAQ (no sign-in needed), advising slots by type, booking and cancelling."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.menus import menu_for
from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.employment.employers.selectors import employer_public_get
from tenant_apps.employment.qa import selectors, services
from tenant_apps.employment.qa.enums import AdvisingKind, BookingStatus, QuestionCategory
from tenant_apps.employment.qa.models import AdvisingSlot
from tenant_apps.employment.qa.pages import QuestionChatMixin


class MyQuestionsView(H5Mixin, TemplateView):
    template_name = "qa/h5/list.html"
    page_title = "在线问答"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | paginate(self.request, selectors.student_questions(student=self.request.user), per_page=20)


class AskView(H5Mixin, TemplateView):
    template_name = "qa/h5/ask.html"
    page_title = "我要提问"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        employer_id = self.request.GET.get("employer") or kwargs.get("form", {}).get("employer", "")
        employer = employer_public_get(pk=int(employer_id)) if str(employer_id).isdigit() else None
        context.update(categories=QuestionCategory.choices, employer=employer, form=kwargs.get("form", {}),
                       faq=selectors.faq_entries()[:5])
        return context

    def post(self, request):
        employer = request.POST.get("employer", "")
        try:
            question = services.question_ask(student=request.user, title=request.POST.get("title", ""), body=request.POST.get("body", ""),
                                             category=request.POST.get("category", ""), employer_id=int(employer) if employer.isdigit() else None)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(form=request.POST, error=exc.message), status=exc.status)
        messages.success(request, "已提交，回复后会通知您。")
        return redirect("h5:employment_qa:detail", pk=question.pk)


class QuestionView(H5Mixin, QuestionChatMixin, TemplateView):
    template_name = "qa/h5/detail.html"
    url_name = "h5:employment_qa:detail"


class FaqView(TemplateView):
    """Public: anyone with the link (signed in or not) reads the FAQ."""

    template_name = "qa/h5/faq.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, category = self.request.GET.get("q", "").strip(), self.request.GET.get("category", "")
        context.update(paginate(self.request, selectors.faq_entries(q=q, category=category), per_page=30), q=q, category=category,
                       categories=QuestionCategory.choices, page_title="常见问题", menu=menu_for(self.request, "h5"))
        return context


class AdvisingView(H5Mixin, TemplateView):
    template_name = "qa/h5/advising.html"
    page_title = "咨询预约"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        bookings = list(selectors.student_bookings(student=self.request.user)[:30])
        booked = {b.slot_id for b in bookings if b.status == BookingStatus.BOOKED}
        context.update(kinds=AdvisingKind.choices, kind=kind, slots=selectors.open_slots(kind=kind)[:60], bookings=bookings, booked=booked)
        return context


class BookView(H5Mixin, View):
    def post(self, request, pk):
        slot = AdvisingSlot.objects.filter(pk=pk, is_cancelled=False).first()
        if slot is None:
            raise Http404
        try:
            services.booking_create(student=request.user, slot=slot, topic=request.POST.get("topic", ""))
            messages.success(request, "预约成功，开始前 24 小时会提醒您。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:employment_qa:advising")


class CancelBookingView(H5Mixin, View):
    def post(self, request, pk):
        booking = selectors.student_booking_get(student=request.user, pk=pk)
        if booking is None:
            raise Http404
        try:
            services.booking_cancel(student=request.user, booking=booking)
            messages.success(request, "已取消预约。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:employment_qa:advising")
