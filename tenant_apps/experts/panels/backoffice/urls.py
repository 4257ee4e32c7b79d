from django.urls import path

from tenant_apps.experts.panels.backoffice import views

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("new/", views.ProjectFormView.as_view(), name="project_add"),
    path("import/", views.ProjectImportView.as_view(), name="project_import"),
    path("import/template/", views.ProjectImportTemplateView.as_view(), name="project_import_template"),
    path("history/", views.HistoryView.as_view(), name="history"),
    path("settings/", views.PanelSettingsView.as_view(), name="settings"),
    path("sheet-templates/", views.SheetTemplateListView.as_view(), name="sheet_templates"),
    path("sheet-templates/default/<slug:kind>/", views.SheetTemplateFileView.as_view(), name="sheet_template_default"),
    path("sheet-templates/<int:pk>/", views.SheetTemplateActionView.as_view(), name="sheet_template_action"),
    path("sheet-templates/<int:pk>/<slug:kind>/", views.SheetTemplateFileView.as_view(), name="sheet_template_file"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/new/", views.ApplicationCreateView.as_view(), name="application_add"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", views.ProjectFormView.as_view(), name="project_edit"),
    path("<int:pk>/draw/", views.DrawNewView.as_view(), name="draw_new"),
    path("draws/<int:pk>/", views.DrawDetailView.as_view(), name="draw_detail"),
    path("draws/<int:pk>/<slug:kind>/", views.DrawFileView.as_view(), name="draw_file"),
]
