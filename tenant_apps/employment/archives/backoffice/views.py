"""Back office of archive transfers: list with filters, one-click assignment (proposed or 生源地),
edit with the national numbers, mailing import, reminders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.importexport.views import ImportPageView, ImportTemplateView
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.accounts.selectors import org_units_in_scope
from tenant_apps.employment.archives import selectors, services
from tenant_apps.employment.archives.enums import ArchiveDestination, ArchiveStatus
from tenant_apps.employment.archives.imports import ARCHIVE_MAILING_IMPORT
from tenant_apps.employment.students.backoffice.views import error_text
from tenant_apps.employment.students.selectors import RecordSearch, graduation_years, record_list

MANAGE = "employment_archives.manage_archivetransfer"


class ArchiveListView(BackofficeMixin, TemplateView):
    permission_required = "employment_archives.view_archivetransfer"
    template_name = "employment_archives/backoffice/archive_list.html"
    page_title = "档案转递"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, error_text(exc))
            return redirect(reverse("backoffice:employment_archives:archive_list"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.ArchiveSearch.from_query(self.request.GET)
        context.update(search=search, statuses=ArchiveStatus.choices, kinds=ArchiveDestination.choices, years=graduation_years(),
                       units=org_units_in_scope(actor=self.request.user).filter(kind__in=["college", "major", "class"]).order_by("path"),
                       **paginate(self.request, selectors.archive_list(actor=self.request.user, search=search), per_page=30))
        return context

    def post(self, request):
        if not request.user.has_perm(MANAGE):
            raise DjangoPermissionDenied
        action = request.POST.get("action")
        if action == "remind":
            count = services.archives_remind(actor=request.user, archives=selectors.archive_list(actor=request.user, search=selectors.ArchiveSearch.from_query(request.POST)))
            messages.success(request, f"已提醒 {count} 名学生。")
        else:
            search = RecordSearch.from_query(request.POST)
            count = services.archives_assign(actor=request.user, records=record_list(actor=request.user, search=search), to_origin=action == "assign_origin")
            messages.success(request, f"已为 {count} 名毕业生派定档案去向。")
        return redirect(reverse("backoffice:employment_archives:archive_list"))


class ArchiveDetailView(BackofficeMixin, TemplateView):
    permission_required = "employment_archives.view_archivetransfer"
    template_name = "employment_archives/backoffice/archive_detail.html"

    def archive(self):
        try:
            return selectors.archive_get(actor=self.request.user, pk=int(self.kwargs["pk"]))
        except ObjectDoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        archive = kwargs.get("archive") or self.archive()
        context.update(archive=archive, record=archive.record, kinds=ArchiveDestination.choices, page_title=f"档案转递 · {archive.record.name}")
        return context

    def post(self, request, pk: int):
        if not request.user.has_perm(MANAGE):
            raise DjangoPermissionDenied
        archive = self.archive()
        data = {field: request.POST.get(field, "") for field in services.EDITABLE if field != "moves_hukou"}
        data["moves_hukou"] = request.POST.get("moves_hukou") == "on"
        try:
            services.archive_update(actor=request.user, archive=archive, data=data)
        except ApplicationError as exc:
            messages.error(request, error_text(exc))
            return self.render_to_response(self.get_context_data(archive=archive), status=exc.status)
        messages.success(request, "已保存。")
        return redirect("backoffice:employment_archives:archive_detail", pk=pk)


class MailingImportView(ImportPageView):
    permission_required = MANAGE
    spec_name = ARCHIVE_MAILING_IMPORT
    template_download_url = "backoffice:employment_archives:import_template"
    page_title = "导入档案寄送信息"


class MailingImportTemplateView(ImportTemplateView):
    permission_required = MANAGE
    spec_name = ARCHIVE_MAILING_IMPORT
