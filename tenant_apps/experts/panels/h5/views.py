"""Expert side (H5): invitation links (token is the credential), my invitations with project
files and per-project leave, and the public draw verification page (no login)."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.masking import mask_name
from core.web.views import H5Mixin
from tenant_apps.experts.panels import documents, selectors, services


def _invitation_context(member, **extra) -> dict:
    """What the invitation page shows: the expert by name, the bureau, whom to call, the project's
    files for experts and, once accepted, time, place, what to bring and the calendar file."""
    from core.files.links import download_url

    project = member.draw.project
    contact = member.draw.created_by or project.assigned_to
    files = [{"name": f.original_name, "url": download_url(f.file, user=member.expert.user, filename=f.original_name) if member.expert.user_id else ""}
             for f in project.attachments.filter(is_shared_with_experts=True).order_by("id")]
    return {"member": member, "project": project, "expert": member.expert, "files": files, "token": services.invitation_token(member),
            "contact_name": str(contact) if contact else "", "contact_phone": getattr(contact, "phone", "") if contact else "",
            "bring": services.WHAT_TO_BRING, **extra}


class InvitationView(View):
    """Accept or decline by the link from SMS/e-mail (the token is the credential); declining
    asks for a reason."""

    def get(self, request, token):
        try:
            member = services.member_from_token(token)
        except ApplicationError as exc:
            return render(request, "panels/h5/invitation.html", {"error": exc.message}, status=404)
        return render(request, "panels/h5/invitation.html", _invitation_context(member, decline=request.GET.get("decline"),
                                                                                done=member.status != "invited"))

    def post(self, request, token):
        try:
            member = services.member_from_token(token)
            accept = request.POST.get("answer") == "accept"
            member = services.member_respond(member=member, accept=accept, reason=request.POST.get("reason", ""), channel="link")
        except ApplicationError as exc:
            status = exc.status if exc.status in (400, 404, 409) else 400
            return render(request, "panels/h5/invitation.html", {"error": exc.message, "decline": True, "token": token}, status=status)
        return render(request, "panels/h5/invitation.html", _invitation_context(member, done=True))


def invitation_calendar(request, token: str):
    """The accepted review as an .ics file (add to the phone's calendar)."""
    try:
        member = services.member_from_token(token)
    except ApplicationError:
        raise Http404 from None
    if member.status != "accepted":
        raise Http404
    response = HttpResponse(services.invitation_ics(member, tenant_name=getattr(request.tenant, "name", "")), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"评审日程-{member.draw.project.code}.ics")
    return response


class MyInvitationsView(H5Mixin, TemplateView):
    template_name = "panels/h5/my_invitations.html"
    page_title = "评审邀请"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = selectors.expert_invitations(user=self.request.user)
        return context


class MyInvitationDetailView(H5Mixin, TemplateView):
    template_name = "panels/h5/my_invitation.html"
    page_title = "评审邀请"

    def member(self):
        member = selectors.expert_invitation(user=self.request.user, pk=int(self.kwargs["pk"]))
        if member is None:
            raise Http404
        return member

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.member()
        context.update(member=member, project=member.draw.project, files=member.draw.project.attachments.filter(is_shared_with_experts=True),
                       token=services.invitation_token(member))
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.member_leave(user=request.user, member=self.member(), reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=exc.status)
        return redirect("h5:experts_panels:my_invitation", pk=kwargs["pk"])


def verify(request, token: str):
    """Public: the commitment, the revealed server value, the inputs and the recomputation."""
    draw = selectors.draw_by_token(token)
    if draw is None:
        raise Http404
    result = documents.verify_draw(draw)
    rows = [{"member": m, "name": mask_name(m.expert.name)} for m in draw.members.select_related("expert", "group").order_by("row")] if draw.drawn_at else []
    recomputed = {(r["group"], r["position"]): r["expert_id"] for r in result.recomputed} if result else {}
    return render(request, "panels/h5/verify.html", {"draw": draw, "result": result, "rows": rows, "recomputed": recomputed, "groups": draw.groups.order_by("number")})


def verify_json(request, token: str):
    draw = selectors.draw_by_token(token)
    if draw is None:
        raise Http404
    response = HttpResponse(json.dumps(documents.receipt_json(draw), ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"专家抽取回执-{draw.project.code}-{draw.pk}.json")
    return response
