from django.urls import path

from tenant_apps.accounts.backoffice import import_views

# User import (template download, upload); the job page and report live under /admin-ui/jobs/.
urlpatterns = [
    path("", import_views.UserImportView.as_view(), name="user_import"),
    path("template/", import_views.UserImportTemplateView.as_view(), name="user_import_template"),
]
