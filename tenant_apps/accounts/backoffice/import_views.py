"""User import page (template download, upload) on top of the import/export kernel."""

from __future__ import annotations

from core.importexport.views import ImportPageView, ImportTemplateView
from tenant_apps.accounts import exports, imports  # noqa: F401  (registers the specs)


class UserImportView(ImportPageView):
    spec_name = "accounts.users"
    permission_required = "accounts.add_user"
    template_name = "accounts/backoffice/import/user_import.html"
    template_download_url = "backoffice:user_import_template"
    page_title = "批量导入用户"


class UserImportTemplateView(ImportTemplateView):
    spec_name = "accounts.users"
    permission_required = "accounts.add_user"
