"""Back office of the record base (档案管理) and registered alumni (校友管理): thin views over
services and selectors."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.charts import bar_chart
from core.errors import ApplicationError
from core.importexport.views import ImportPageView, ImportTemplateView
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.records import selectors, services
from tenant_apps.alumni.records.enums import (
    AliasKind,
    CustomFieldType,
    Degree,
    DuplicateStatus,
    Gender,
    MemberStatus,
)
from tenant_apps.alumni.records.imports import IMPORT_SPEC_NAME
from tenant_apps.alumni.records.models import (
    AlumniRecord,
    College,
    CustomField,
    DuplicatePair,
    MatchCandidate,
    Member,
    MemberGroup,
    MergeLog,
    NameAlias,
)


class RecordsMixin(BackofficeMixin):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:alumni_records:record_list"))


def _get(model, pk):
    obj = model.objects.filter(pk=int(pk)).first()
    if obj is None:
        raise Http404
    return obj


def _candidate(member: Member, pk: str) -> MatchCandidate:
    candidate = MatchCandidate.objects.filter(member=member, pk=int(pk) if pk.isdigit() else 0).first()
    if candidate is None:
        raise Http404
    return candidate


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise ApplicationError("日期格式不对。") from exc


def _year(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise ApplicationError("年份应为四位数字。")
    return int(value)


def record_data(post) -> dict:
    data = {key: post.get(key, "").strip() for key in ("name", "gender", "student_no", "degree", "college_name", "major", "region", "industry", "employer", "first_employer")}
    data.update(birth_date=_date(post.get("birth_date", "")), class_year=_year(post.get("class_year")), graduation_year=_year(post.get("graduation_year")))
    for key in ("phone", "email", "id_number"):
        if post.get(key, "").strip():  # empty = keep (masked values are not sent back)
            data[key] = post[key].strip()
    for field in CustomField.objects.all():
        if field.key in post:
            data[field.key] = post.get(field.key, "").strip()
    return data


class RecordListView(RecordsMixin, TemplateView):
    permission_required = "alumni_records.view_alumnirecord"
    template_name = "alumni_records/backoffice/record_list.html"
    page_title = "校友档案"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.RecordSearch.from_query(self.request.GET)
        pages = paginate(self.request, selectors.record_search(search=search), per_page=30)
        context.update(**pages, search=search, colleges=College.objects.all(), degrees=Degree.choices, custom_fields=CustomField.objects.all())
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("alumni_records.invite_alumnirecord"):
            raise PermissionDenied
        ids = [int(i) for i in request.POST.getlist("record") if i.isdigit()]
        if not ids:
            messages.error(request, "请先勾选档案。")
        else:
            message = services.records_invite(actor=request.user, records=AlumniRecord.objects.filter(pk__in=ids), text=request.POST.get("text", ""),
                                              link=request.build_absolute_uri(reverse("h5:alumni:join")))
            messages.success(request, f"邀请短信已排队（消息 #{message.pk}），已故或拒收的校友会自动跳过。")
        return redirect(reverse("backoffice:alumni_records:record_list") + "?" + request.POST.get("back", ""))


class RecordFormView(RecordsMixin, TemplateView):
    template_name = "alumni_records/backoffice/record_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = "alumni_records.change_alumnirecord" if "pk" in kwargs else "alumni_records.add_alumnirecord"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = _get(AlumniRecord, self.kwargs["pk"]) if "pk" in self.kwargs else None
        context.update(record=record, genders=Gender.choices, degrees=Degree.choices, custom_fields=CustomField.objects.all(),
                       page_title=f"编辑档案 · {record.name}" if record else "新增档案", values=kwargs.get("values") or (record and {
                           **{k: getattr(record, k) or "" for k in ("name", "gender", "student_no", "degree", "college_name", "major", "region", "industry", "employer", "first_employer")},
                           "birth_date": record.birth_date.isoformat() if record.birth_date else "", "class_year": record.class_year or "", "graduation_year": record.graduation_year or "",
                           **record.extra}) or {})
        context["custom_values"] = [(f, context["values"].get(f.key, "")) for f in context["custom_fields"]]
        return context

    def post(self, request, *args, **kwargs):
        record = _get(AlumniRecord, kwargs["pk"]) if "pk" in kwargs else None
        try:
            record = services.record_save(actor=request.user, record=record, data=record_data(request.POST), source=request.POST.get("source", "").strip() or "手工录入")
        except ApplicationError as exc:
            messages.error(request, exc.message + (" " + "；".join(f"{k}: {'，'.join(v)}" for k, v in exc.fields.items()) if exc.fields else ""))
            return self.render_to_response(self.get_context_data(values=request.POST.dict()), status=400)
        messages.success(request, "档案已保存。")
        return redirect("backoffice:alumni_records:record_detail", pk=record.pk)


class RecordDetailView(RecordsMixin, TemplateView):
    permission_required = "alumni_records.view_alumnirecord"
    template_name = "alumni_records/backoffice/record_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = selectors.record_get(int(self.kwargs["pk"]))
        if record is None:
            raise Http404
        fields = [(name, str(AlumniRecord._meta.get_field(name).verbose_name), getattr(record, name), record.field_sources.get(name)) for name in services.RECORD_FIELDS]
        extra = [(f.key, f.label, record.extra.get(f.key), record.field_sources.get(f.key)) for f in CustomField.objects.all()]
        context.update(record=record, page_title=f"档案 · {record.name}", fields=fields + extra, members=record.members.select_related("user"),
                       merges=MergeLog.objects.filter(survivor=record).select_related("absorbed", "actor")[:20],
                       can_reveal=self.request.user.has_perm("alumni_records.reveal_personal_data"))
        return context

    def post(self, request, *args, **kwargs):
        record = _get(AlumniRecord, kwargs["pk"])
        action = request.POST.get("action")
        if action == "deceased":
            if not request.user.has_perm("alumni_records.mark_deceased"):
                raise PermissionDenied
            services.record_mark_deceased(actor=request.user, record=record, deceased_on=_date(request.POST.get("deceased_on", "")), source=request.POST.get("deceased_source", ""))
            messages.success(request, "已标记为已故：此后不再向其发送任何消息，也不会出现在校友录中。")
        elif action == "undeceased":
            if not request.user.has_perm("alumni_records.mark_deceased"):
                raise PermissionDenied
            services.record_unmark_deceased(actor=request.user, record=record, reason=request.POST.get("reason", ""))
            messages.success(request, "已更正已故标记。")
        elif action == "delete":
            if not request.user.has_perm("alumni_records.delete_alumnirecord"):
                raise PermissionDenied
            services.record_delete(actor=request.user, record=record)
            messages.success(request, "档案已删除。")
            return redirect("backoffice:alumni_records:record_list")
        return redirect("backoffice:alumni_records:record_detail", pk=record.pk)


class RecordImportView(RecordsMixin, ImportPageView):
    spec_name = IMPORT_SPEC_NAME
    permission_required = ("alumni_records.view_alumnirecord", "alumni_records.import_alumnirecord")
    template_name = "alumni_records/backoffice/record_import.html"
    template_download_url = "backoffice:alumni_records:record_import_template"
    page_title = "导入校友档案"


class RecordImportTemplateView(RecordsMixin, ImportTemplateView):
    spec_name = IMPORT_SPEC_NAME
    permission_required = ("alumni_records.view_alumnirecord", "alumni_records.import_alumnirecord")


class MemberListView(RecordsMixin, TemplateView):
    permission_required = "alumni_records.view_member"
    template_name = "alumni_records/backoffice/member_list.html"
    page_title = "注册校友"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        group = params.get("group", "")
        members = selectors.member_list(q=params.get("q", "").strip(), status=params.get("status", ""), group_id=int(group) if group.isdigit() else None,
                                        verified=params.get("verified", ""))
        context.update(**paginate(self.request, members, per_page=30), statuses=MemberStatus.choices, groups=MemberGroup.objects.all(), params=params)
        return context


class MemberReviewListView(RecordsMixin, TemplateView):
    permission_required = "alumni_records.review_member"
    template_name = "alumni_records/backoffice/member_review.html"
    page_title = "加入审核"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(**paginate(self.request, selectors.members_to_review(), per_page=30))
        return context


class MemberDetailView(RecordsMixin, TemplateView):
    permission_required = "alumni_records.view_member"
    template_name = "alumni_records/backoffice/member_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = _get(Member, self.kwargs["pk"])
        context.update(member=member, page_title=f"校友 · {member.name}", candidates=selectors.candidates_of(member), groups=MemberGroup.objects.all(),
                       member_groups=set(member.groups.values_list("pk", flat=True)))
        return context

    def post(self, request, *args, **kwargs):
        member = _get(Member, kwargs["pk"])
        action = request.POST.get("action", "")
        if action in ("confirm", "reject_candidate", "approve", "reject", "rematch") and not request.user.has_perm("alumni_records.review_member"):
            raise PermissionDenied
        if action == "confirm":
            candidate = _candidate(member, request.POST.get("candidate", ""))
            services.candidate_confirm(actor=request.user, candidate=candidate)
            messages.success(request, "已确认匹配，校友已认证。")
        elif action == "reject_candidate":
            candidate = _candidate(member, request.POST.get("candidate", ""))
            services.candidate_reject(actor=request.user, candidate=candidate)
            messages.success(request, "已排除该候选档案。")
        elif action in ("approve", "reject"):
            services.member_review(actor=request.user, member=member, approve=action == "approve", note=request.POST.get("note", ""))
            messages.success(request, "已审核。")
        elif action == "rematch":
            services.candidates_refresh(member=member, auto_accept=False)
            messages.success(request, "已重新匹配。")
        elif action == "groups":
            if not request.user.has_perm("alumni_records.change_member"):
                raise PermissionDenied
            services.member_groups_set(actor=request.user, member=member, groups=list(MemberGroup.objects.filter(pk__in=[int(g) for g in request.POST.getlist("group") if g.isdigit()])))
            messages.success(request, "分组已保存。")
        return redirect("backoffice:alumni_records:member_detail", pk=member.pk)


class MemberGroupView(RecordsMixin, TemplateView):
    permission_required = "alumni_records.view_membergroup"
    template_name = "alumni_records/backoffice/member_groups.html"
    page_title = "校友分组"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from django.db.models import Count

        context["groups"] = MemberGroup.objects.annotate(n=Count("members"))
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("alumni_records.add_membergroup"):
            raise PermissionDenied
        services.member_group_save(actor=request.user, name=request.POST.get("name", ""), description=request.POST.get("description", ""))
        messages.success(request, "分组已添加。")
        return redirect("backoffice:alumni_records:member_groups")


class DuplicateListView(RecordsMixin, TemplateView):
    permission_required = "alumni_records.merge_alumnirecord"
    template_name = "alumni_records/backoffice/duplicates.html"
    page_title = "疑似重复档案"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", DuplicateStatus.OPEN)
        context.update(**paginate(self.request, selectors.duplicate_pairs(status=status), per_page=30), status=status, statuses=DuplicateStatus.choices)
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "scan":
            found = services.duplicates_scan(actor=request.user)
            messages.success(request, f"扫描完成，新发现 {found} 组疑似重复。")
        elif request.POST.get("action") == "dismiss":
            services.duplicate_dismiss(actor=request.user, pair=_get(DuplicatePair, request.POST.get("pair", "0")))
            messages.success(request, "已标记为不是同一人。")
        return redirect("backoffice:alumni_records:duplicates")


class MergeView(RecordsMixin, TemplateView):
    """Field-by-field preview: pick each value, see the result, then merge."""

    permission_required = "alumni_records.merge_alumnirecord"
    template_name = "alumni_records/backoffice/merge.html"
    page_title = "合并档案"

    def _pair(self):
        a, b = _get(AlumniRecord, self.kwargs["a"]), _get(AlumniRecord, self.kwargs["b"])
        if self.request.GET.get("swap") or self.request.POST.get("swap"):
            a, b = b, a
        return a, b

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a, b = self._pair()
        choices = {k.removeprefix("c_"): v for k, v in self.request.GET.items() if k.startswith("c_")}
        context.update(a=a, b=b, rows=services.merge_preview(survivor=a, absorbed=b, choices=choices), swap=self.request.GET.get("swap", ""))
        return context

    def post(self, request, *args, **kwargs):
        a, b = self._pair()
        choices = {k.removeprefix("c_"): v for k, v in request.POST.items() if k.startswith("c_")}
        services.records_merge(actor=request.user, survivor=a, absorbed=b, choices=choices)
        messages.success(request, f"已将档案 #{b.pk} 合并到 #{a.pk}；可在“合并记录”中撤销。")
        return redirect("backoffice:alumni_records:record_detail", pk=a.pk)


class MergeLogView(RecordsMixin, TemplateView):
    permission_required = "alumni_records.merge_alumnirecord"
    template_name = "alumni_records/backoffice/merge_log.html"
    page_title = "合并记录"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(**paginate(self.request, selectors.merge_logs(), per_page=30))
        return context

    def post(self, request, *args, **kwargs):
        services.merge_reverse(actor=request.user, log=_get(MergeLog, request.POST.get("log", "0")))
        messages.success(request, "合并已撤销，两份档案恢复原样。")
        return redirect("backoffice:alumni_records:merge_log")


class AliasView(RecordsMixin, TemplateView):
    """院系设置: colleges under their current names and the historical names of colleges and majors."""

    permission_required = "alumni_records.view_namealias"
    template_name = "alumni_records/backoffice/aliases.html"
    page_title = "院系设置与历史名称"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        aliases = NameAlias.objects.all()
        if q:
            from django.db.models import Q

            aliases = aliases.filter(Q(alias__icontains=q) | Q(canonical__icontains=q))
        context.update(**paginate(self.request, aliases, per_page=50), colleges=College.objects.all(), kinds=AliasKind.choices, q=q)
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "college":
            if not request.user.has_perm("alumni_records.add_college"):
                raise PermissionDenied
            college = _get(College, request.POST["college"]) if request.POST.get("college") else None
            services.college_save(actor=request.user, college=college, name=request.POST.get("name", ""), code=request.POST.get("code", ""))
        elif action == "alias":
            if not request.user.has_perm("alumni_records.add_namealias"):
                raise PermissionDenied
            services.alias_save(actor=request.user, kind=request.POST.get("kind", ""), name=request.POST.get("alias", ""), canonical=request.POST.get("canonical", ""),
                                valid_from=_year(request.POST.get("valid_from")), valid_to=_year(request.POST.get("valid_to")), note=request.POST.get("note", ""))
        elif action == "delete":
            if not request.user.has_perm("alumni_records.delete_namealias"):
                raise PermissionDenied
            services.alias_delete(actor=request.user, alias=_get(NameAlias, request.POST.get("alias_id", "0")))
        services.records_recanonicalize()
        messages.success(request, "已保存，档案的现院系/现专业已按别名重新对应。")
        return redirect("backoffice:alumni_records:aliases")


class CustomFieldView(RecordsMixin, TemplateView):
    permission_required = "alumni_records.view_customfield"
    template_name = "alumni_records/backoffice/custom_fields.html"
    page_title = "扩展字段"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(fields=CustomField.objects.all(), types=CustomFieldType.choices)
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("alumni_records.add_customfield"):
            raise PermissionDenied
        services.custom_field_save(actor=request.user, key=request.POST.get("key", ""), label=request.POST.get("label", ""), type=request.POST.get("type", "text"))
        messages.success(request, "扩展字段已添加。")
        return redirect("backoffice:alumni_records:custom_fields")


class StatisticsView(RecordsMixin, TemplateView):
    permission_required = "alumni_records.view_statistics"
    template_name = "alumni_records/backoffice/statistics.html"
    page_title = "校友统计"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stats = selectors.statistics()
        breakdowns = (("按入学年代", [(f"{decade}年代", n) for decade, n in stats["by_decade"]]), ("按院系（现名）", stats["by_college"]),
                      ("按地区", stats["by_region"]), ("按行业", stats["by_industry"]))
        charts = [bar_chart(title, [label or "未填" for label, _ in rows], [("人数", [n for _, n in rows])], horizontal=title != "按入学年代")
                  for title, rows in breakdowns]
        context.update(stats=stats, charts=charts)
        return context
