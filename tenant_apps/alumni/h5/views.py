"""The H5 service hall (校友服务大厅), joining, and the personal centre."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.alumni.hall import hall_section
from tenant_apps.alumni.orgs import selectors as org_selectors
from tenant_apps.alumni.orgs import services as org_services
from tenant_apps.alumni.records.enums import Degree, Gender
from tenant_apps.alumni.records.models import Member
from tenant_apps.alumni.records.services import join_code_send, join_login


def _int(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class HallView(H5Mixin, TemplateView):
    """Signed-in users (inside WeChat the official account signs them in); joining is the
    public entry."""

    template_name = "alumni/h5/hall.html"

    def get_context_data(self, **kwargs):
        from tenant_apps.alumni.content import selectors as content
        from tenant_apps.alumni.directory.models import Profile

        context = super().get_context_data(**kwargs)
        request = self.request
        member = Member.objects.filter(user=request.user).first() if request.user.is_authenticated else None
        context.update(
            association=org_selectors.association(), member=member,
            latest_alumni=Profile.objects.filter(listed=True, is_deceased=False).order_by("-created_at", "-pk").only("name", "class_year", "major", "vis_class_year", "vis_major")[:10],
            activities=hall_section("activities", request, 5), articles=content.latest_articles(5), donations=hall_section("donations", request, 5),
            photos=hall_section("photos", request, 8), board=content.latest_posts(kind="message", limit=5), mutual_aid=content.latest_posts(kind="mutual_aid", limit=5),
        )
        return context


class JoinView(View):
    """Step 1 (not signed in): phone + SMS code. Step 2: the application, matched against the
    records as soon as it is saved."""

    template_name = "alumni/h5/join.html"

    def _context(self, request, **extra):
        member = Member.objects.filter(user=request.user).first() if request.user.is_authenticated else None
        association = org_selectors.association()
        values = extra.pop("values", None)
        if values is None and member is not None:
            values = {k: getattr(member, k) or "" for k in ("name", "gender", "class_year", "graduation_year", "degree", "college_name", "major", "region", "industry", "employer")}
            values["birth_date"] = member.birth_date.isoformat() if member.birth_date else ""
            values.update(member.answers)
        return {"member": member, "association": association, "values": values or {"name": getattr(request.user, "display_name", "")},
                "genders": Gender.choices, "degrees": Degree.choices, "questions": association.application_questions if association else [], **extra}

    def get(self, request):
        return render(request, self.template_name, self._context(request))

    def post(self, request):
        action = request.POST.get("action", "")
        if action == "send":
            try:
                join_code_send(phone=request.POST.get("phone", ""))
            except ApplicationError as exc:
                return render(request, "alumni/h5/_code_status.html", {"error": exc.message})
            return render(request, "alumni/h5/_code_status.html", {"sent": "验证码已发送，5 分钟内有效。"})
        if action == "login":
            try:
                user = join_login(phone=request.POST.get("phone", ""), code=request.POST.get("code", ""))
            except ApplicationError as exc:
                return render(request, self.template_name, self._context(request, error=exc.message, phone=request.POST.get("phone", "")), status=400)
            login(request, user, backend="tenant_apps.accounts.backends.MultiIdentifierBackend")
            return redirect("h5:alumni:join")
        if not request.user.is_authenticated:
            return redirect("h5:alumni:join")
        post = request.POST
        data = {"name": post.get("name", ""), "gender": post.get("gender", ""), "birth_date": _date(post.get("birth_date")), "class_year": _int(post.get("class_year")),
                "graduation_year": _int(post.get("graduation_year")), "degree": post.get("degree", ""), "college_name": post.get("college_name", "").strip(),
                "major": post.get("major", "").strip(), "region": post.get("region", "").strip(), "industry": post.get("industry", "").strip(), "employer": post.get("employer", "").strip()}
        association = org_selectors.association()
        answers = {q: post.get(f"q_{i}", "") for i, q in enumerate(association.application_questions if association else [])}
        try:
            membership = org_services.join_apply(user=request.user, data=data, answers=answers)
        except ApplicationError as exc:
            return render(request, self.template_name, self._context(request, error=exc.message, values=post.dict()), status=400)
        member = membership.member
        if member.is_verified:
            messages.success(request, "已与学校档案匹配，认证通过。")
        else:
            messages.success(request, "入会资料已提交，校友会将与档案核对后审核。")
        return redirect("h5:alumni:me")


class PersonalCentreView(H5Mixin, TemplateView):
    template_name = "alumni/h5/me.html"
    page_title = "个人中心"

    def get_context_data(self, **kwargs):
        from tenant_apps.alumni.content import selectors as content

        context = super().get_context_data(**kwargs)
        member = Member.objects.filter(user=self.request.user).select_related("record").first()
        context.update(member=member, memberships=org_selectors.memberships_of(member) if member else [],
                       recommended=org_selectors.recommended_orgs(member) if member else [], managed=org_selectors.managed_orgs(self.request.user) if member else [],
                       my_activities=hall_section("my_activities", self.request, 20), my_donations=hall_section("my_donations", self.request, 20),
                       my_posts=content.posts_of(self.request.user)[:20])
        return context
