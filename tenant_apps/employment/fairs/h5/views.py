"""Students' H5: published fairs, a fair's exhibitors with booth numbers and jobs (search,
follow), the e-ticket with its signed QR, and the door page for staff phones (the ticket
kernel's door.js: offline verification, upload when the network returns)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.employment.fairs import selectors, services


def qr_uri(code: str) -> str:
    return segno.make(code, error="m").svg_data_uri(scale=4)


class FairListView(H5Mixin, TemplateView):
    template_name = "fairs/h5/list.html"
    page_title = "双选会"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(paginate(self.request, selectors.public_fairs(upcoming_only=self.request.GET.get("past") != "1"), per_page=20),
                       past=self.request.GET.get("past") == "1")
        return context


class FairDetailView(H5Mixin, TemplateView):
    template_name = "fairs/h5/detail.html"

    def fair(self):
        fair = selectors.public_fair_get(pk=self.kwargs["pk"])
        if fair is None:
            raise Http404
        return fair

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fair = self.fair()
        q = self.request.GET.get("q", "").strip()
        ticket = selectors.student_ticket(student=self.request.user, fair=fair)
        context.update(fair=fair, page_title=fair.title, q=q, ticket=ticket, live=selectors.live_figures(fair=fair),
                       can_claim=services.tickets_open(fair), following_only=self.request.GET.get("following") == "1",
                       **paginate(self.request, self._exhibitors(fair, q), per_page=30))
        return context

    def _exhibitors(self, fair, q):
        queryset = selectors.exhibitors(fair=fair, q=q, student=self.request.user)
        if self.request.GET.get("following") == "1":
            queryset = queryset.filter(is_followed=True)
        return queryset

    def post(self, request, pk):
        fair = self.fair()
        action = request.POST.get("action", "")
        try:
            if action == "ticket":
                services.ticket_claim(student=request.user, fair=fair)
                messages.success(request, "门票已领取，开始前 24 小时会提醒您。")
                return redirect("h5:employment_fairs:tickets")
            if action in ("follow", "unfollow"):
                employer = request.POST.get("employer", "")
                services.follow_set(student=request.user, fair=fair, employer_id=int(employer) if employer.isdigit() else 0,
                                    following=action == "follow")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(request.get_full_path())


class MyTicketsView(H5Mixin, TemplateView):
    template_name = "fairs/h5/tickets.html"
    page_title = "我的双选会门票"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tickets = list(selectors.student_tickets(student=self.request.user)[:20])
        for ticket in tickets:
            ticket.qr_uri = qr_uri(ticket.code)
        context["tickets"] = tickets
        return context

    def post(self, request):
        ticket = selectors.student_tickets(student=request.user).filter(pk=request.POST.get("ticket") or 0).first()
        if ticket is None:
            raise Http404
        try:
            services.ticket_cancel(student=request.user, ticket=ticket)
            messages.success(request, "门票已退回。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:employment_fairs:tickets")


class DoorView(H5Mixin, TemplateView):
    """A staff phone at the fair's door: downloads the public keys, revoked and admitted lists,
    then checks students' and employers' tickets without the network."""

    template_name = "fairs/h5/door.html"

    def get_context_data(self, **kwargs):
        if not self.request.user.has_perm("employment_fairs.check_in_fair"):
            raise PermissionDenied
        context = super().get_context_data(**kwargs)
        fair = selectors.fair_get(pk=self.kwargs["pk"])
        if fair is None:
            raise Http404
        context.update(fair=fair, page_title=f"检票 · {fair.title}")
        return context
