"""Votes on the phone: the list, a vote with its results chart and comments, and the canvassing
page for one option (a share card for that option: inside WeChat the JS-SDK shares it to a
group or Moments with the option in the title; its QR opens the same page)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.alumni.votes import selectors, services
from tenant_apps.wechat import jssdk


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
        if option is not None:
            path = reverse("h5:alumni_votes:canvass", args=[vote.pk, option.pk])
            share = jssdk.share_data(self.request, title=f"请为「{option.label}」投上一票 · {vote.title}", desc=f"{vote.title}：我支持「{option.label}」，来投一票吧！",
                                     path=path, image=static("core/favicon.svg"))
        else:
            path = reverse("h5:alumni_votes:detail", args=[vote.pk])
            share = jssdk.share_data(self.request, title=vote.title, desc=(vote.description or "校友投票，欢迎参与")[:120], path=path, image=static("core/favicon.svg"))
        results = services.results(vote) if selectors.results_visible(vote, voted=ballot is not None) else None
        context.update(vote=vote, page_title=vote.title, ballot=ballot, chosen={o.pk for o in ballot.options.all()} if ballot else set(),
                       reason=services.may_vote(vote, self.request.user), canvass=option, results=results,
                       chart=selectors.results_chart(f"各选项票数（{vote.ballots.count()} 人投票）", results) if results else None, total=vote.ballots.count(),
                       comments=selectors.visible_comments(vote)[:50], ended=selectors.has_ended(vote),
                       share_qr=segno.make(share["link"], error="m").svg_inline(scale=3) if option else "",
                       wx=jssdk.page_config(self.request, apis=jssdk.SHARE_APIS, share=share))
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
