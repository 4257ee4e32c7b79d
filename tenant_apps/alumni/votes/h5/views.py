"""Votes on the phone: the list, a vote with its results chart and comments, and the canvassing
page for one option (share it to a WeChat group or Moments; its QR opens the same page)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.alumni.votes import selectors, services


class VoteListView(H5Mixin, TemplateView):
    template_name = "alumni_votes/h5/list.html"
    page_title = "校友投票"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["votes"] = selectors.votes(keyword=self.request.GET.get("q", "").strip(), public_only=True)[:50]
        context["q"] = self.request.GET.get("q", "")
        return context


class VoteDetailView(H5Mixin, TemplateView):
    template_name = "alumni_votes/h5/detail.html"

    def vote(self):
        vote = selectors.votes().filter(pk=self.kwargs["pk"]).first()
        if vote is None:
            raise Http404
        return vote

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vote = self.vote()
        option = vote.options.filter(pk=self.kwargs.get("option_pk") or 0).first()
        if self.kwargs.get("option_pk") and option is None:
            raise Http404
        ballot = selectors.my_ballot(vote, self.request.user)
        share_url = self.request.build_absolute_uri()
        context.update(vote=vote, page_title=vote.title, ballot=ballot, chosen={o.pk for o in ballot.options.all()} if ballot else set(),
                       reason=services.may_vote(vote, self.request.user), canvass=option,
                       results=services.results(vote) if (ballot or vote.show_results_before_end) else None, total=vote.ballots.count(),
                       comments=vote.comments.filter(is_visible=True).select_related("user")[:50],
                       share_qr=segno.make(share_url, error="m").svg_inline(scale=3) if option else "")
        return context

    def post(self, request, *args, **kwargs):
        vote = self.vote()
        try:
            if request.POST.get("action") == "comment":
                services.comment_add(actor=request.user, vote=vote, body=request.POST.get("body", ""))
            else:
                ids = [int(i) for i in request.POST.getlist("option") if i.isdigit()]
                services.ballot_cast(actor=request.user, vote=vote, option_ids=ids, canvassed_option_id=kwargs.get("option_pk"))
                messages.success(request, "投票成功，感谢参与！")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(request.path)
