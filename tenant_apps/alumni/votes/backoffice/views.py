"""Back office of votes: create and edit, pause / hide / delete, results, comment moderation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.votes import selectors, services
from tenant_apps.alumni.votes.models import Vote, VoteComment


def _vote(pk) -> Vote:
    return get_object_or_404(Vote, pk=pk, deleted_at__isnull=True)


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


class VoteListView(BackofficeMixin, TemplateView):
    template_name = "alumni_votes/backoffice/list.html"
    permission_required = "alumni_votes.view_vote"
    page_title = "投票管理"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        context.update(paginate(self.request, selectors.votes(keyword=q)), q=q)
        return context


class VoteFormView(BackofficeMixin, TemplateView):
    template_name = "alumni_votes/backoffice/form.html"
    permission_required = "alumni_votes.add_vote"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vote = _vote(self.kwargs["pk"]) if self.kwargs.get("pk") else None
        initial = {"title": "", "description": "", "options": "", "starts_at": _local(timezone.now()), "ends_at": "", "audience": Vote.Audience.VERIFIED,
                   "chapter_id": "", "is_multiple": False, "max_choices": 2, "show_results_before_end": True}
        if vote:
            initial.update(title=vote.title, description=vote.description, options="\n".join(o.label for o in vote.options.all()), starts_at=_local(vote.starts_at),
                           ends_at=_local(vote.ends_at), audience=vote.audience, chapter_id=vote.chapter_id or "", is_multiple=vote.is_multiple,
                           max_choices=vote.max_choices, show_results_before_end=vote.show_results_before_end)
        if kwargs.get("form") is not None:
            form = kwargs["form"]
            initial.update({k: form.get(k, "") for k in ("title", "description", "options", "starts_at", "ends_at", "audience", "chapter_id", "max_choices")})
            initial.update(is_multiple=form.get("is_multiple") == "on", show_results_before_end=form.get("show_results_before_end") == "on")
        context.update(vote=vote, initial=initial, audiences=Vote.Audience.choices, chapters=selectors.chapter_choices(), page_title="编辑投票" if vote else "发起投票")
        return context

    def post(self, request, pk=None):
        post = request.POST
        try:
            starts, ends = parse_datetime(post.get("starts_at", "")), parse_datetime(post.get("ends_at", ""))
            if starts is None or ends is None:
                raise ApplicationError("请填写开始和结束时间。", fields={"ends_at": ["请填写时间。"]})
            data = services.VoteInput(
                title=post.get("title", ""), description=post.get("description", ""), options=post.get("options", "").splitlines(),
                starts_at=timezone.make_aware(starts) if timezone.is_naive(starts) else starts, ends_at=timezone.make_aware(ends) if timezone.is_naive(ends) else ends,
                is_multiple=post.get("is_multiple") == "on", max_choices=int(post.get("max_choices") or 1), audience=post.get("audience") or Vote.Audience.VERIFIED,
                chapter_id=int(post["chapter_id"]) if post.get("chapter_id", "").isdigit() else None, show_results_before_end=post.get("show_results_before_end") == "on")
            vote = services.vote_update(actor=request.user, vote=_vote(pk), data=data) if pk else services.vote_create(actor=request.user, data=data)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=400)
        messages.success(request, "投票已保存。")
        return redirect("backoffice:alumni_votes:detail", pk=vote.pk)


class VoteDetailView(BackofficeMixin, TemplateView):
    template_name = "alumni_votes/backoffice/detail.html"
    permission_required = "alumni_votes.view_vote"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vote = _vote(self.kwargs["pk"])
        results = services.results(vote)
        context.update(vote=vote, page_title=vote.title, results=results, total=vote.ballots.count(),
                       chart=selectors.results_chart("各选项票数", results), comments=vote.comments.select_related("user")[:200])
        return context

    def post(self, request, pk):
        vote = _vote(pk)
        action = request.POST.get("action", "")
        needed = "alumni_votes.moderate_vote_comment" if action.startswith("comment_") else "alumni_votes.delete_vote" if action == "delete" else "alumni_votes.change_vote"
        if not request.user.has_perm(needed):
            raise PermissionDenied
        if action.startswith("comment_"):
            services.comment_moderate(actor=request.user, comment=get_object_or_404(VoteComment, pk=request.POST.get("comment"), vote=vote), visible=action == "comment_show")
        elif action == "delete":
            services.vote_set_state(actor=request.user, vote=vote, delete=True)
            messages.success(request, "投票已删除。")
            return redirect("backoffice:alumni_votes:list")
        else:
            services.vote_set_state(actor=request.user, vote=vote, paused={"pause": True, "resume": False}.get(action), public={"hide": False, "show": True}.get(action))
        messages.success(request, "已更新。")
        return redirect("backoffice:alumni_votes:detail", pk=pk)
