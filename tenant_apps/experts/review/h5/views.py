"""Expert side (H5, also fine on a PC browser): my reviews, the materials and the score sheet
of each submission (draft, submit, recuse). Access is the accepted seat on the project's
panel; anyone else gets 404."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.experts.pages import ApplicationErrorPageMixin
from tenant_apps.experts.review import selectors, services
from tenant_apps.experts.review.enums import SheetStatus, TotalMethod


class ExpertReviewMixin(ApplicationErrorPageMixin, H5Mixin):
    def review(self):
        found = selectors.expert_setup(user=self.request.user, pk=int(self.kwargs["pk"]))
        if found is None:
            raise Http404
        return found


class MyReviewsView(ExpertReviewMixin, TemplateView):
    template_name = "review/h5/my_list.html"
    page_title = "网上评审"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = selectors.expert_review_items(user=self.request.user)
        return context


class ReviewDetailView(ExpertReviewMixin, TemplateView):
    template_name = "review/h5/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review, member = self.review()
        sheets = selectors.expert_sheets(setup=review, expert_id=member.expert_id)
        labels = dict(SheetStatus.choices)
        rows = [{"submission": s, "status": sheets[s.pk].status if s.pk in sheets else "", "label": labels.get(sheets[s.pk].status, "") if s.pk in sheets else "未评"}
                for s in review.submissions.order_by("number")]
        context.update(review=review, project=review.project, rows=rows, indicators=selectors.setup_indicators(review), rules=selectors.rules_text(review),
                       done=sum(1 for r in rows if r["status"] in (SheetStatus.SUBMITTED, SheetStatus.RECUSED)), page_title=review.project.title)
        return context


class ScoreView(ExpertReviewMixin, TemplateView):
    """One submission: its files and my score sheet. Save a draft, submit (locked), or recuse."""

    template_name = "review/h5/score.html"

    def submission(self, review):
        submission = selectors.submission_get(review, int(self.kwargs["sid"]))
        if submission is None:
            raise Http404
        return submission

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review, member = self.review()
        submission = self.submission(review)
        sheet = selectors.sheet_for(submission=submission, expert_id=member.expert_id)
        indicators = selectors.setup_indicators(review)
        posted = kwargs.get("posted")
        if posted is not None and not (sheet and sheet.is_locked):
            values = {i.pk: posted.get(f"score_{i.pk}", "") for i in indicators}
            comment, declared = posted.get("comment", ""), bool(posted.get("declared_no_conflict"))
        else:
            stored = {s.indicator_id: s.value for s in sheet.scores.all()} if sheet else {}
            values = {i.pk: stored.get(i.pk, "") for i in indicators}
            comment, declared = (sheet.comment, sheet.declared_no_conflict) if sheet else ("", False)
        ordered = list(review.submissions.order_by("number").values_list("pk", flat=True))
        position = ordered.index(submission.pk)
        context.update(review=review, project=review.project, submission=submission, sheet=sheet, files=submission.files.all(),
                       fields=[{"indicator": i, "value": values[i.pk], "error": (kwargs.get("error").fields.get(f"score_{i.pk}") if kwargs.get("error") else None)} for i in indicators],
                       comment=comment, declared=declared, editable=review.is_open and not (sheet and sheet.is_locked),
                       can_recuse=review.project.archived_at is None and not review.is_closed and not (sheet and sheet.is_locked),
                       weighted=review.total_method == TotalMethod.WEIGHTED, page_title=submission.title, saved=self.request.GET.get("saved"),
                       previous_id=ordered[position - 1] if position > 0 else None, next_id=ordered[position + 1] if position + 1 < len(ordered) else None)
        return context

    def post(self, request, *args, **kwargs):
        review, _member = self.review()
        submission = self.submission(review)
        action = request.POST.get("action", "")
        try:
            if action == "recuse":
                services.sheet_recuse(user=request.user, setup=review, submission=submission, reason=request.POST.get("reason", ""))
                return redirect(reverse("h5:experts_review:score", args=[review.pk, submission.pk]) + "?saved=recused")
            scores = {key.removeprefix("score_"): value for key, value in request.POST.items() if key.startswith("score_")}
            services.sheet_save(user=request.user, setup=review, submission=submission, scores=scores, comment=request.POST.get("comment", ""),
                                declared_no_conflict=bool(request.POST.get("declared_no_conflict")), submit=action == "submit")
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc, posted=request.POST), status=exc.status)
        return redirect(reverse("h5:experts_review:score", args=[review.pk, submission.pk]) + f"?saved={'submitted' if action == 'submit' else 'draft'}")


class ExpertFileView(ExpertReviewMixin, View):
    def get(self, request, pk, fid):
        review, _member = self.review()
        item = selectors.file_get(review, int(fid))
        if item is None:
            raise Http404
        return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
