from django.urls import path

from tenant_apps.experts.panels.api import sheet_templates, views

urlpatterns = [
    # projects
    path("projects/", views.ProjectListAPI.as_view(), name="project-list"),
    path("projects/<int:pk>/", views.ProjectDetailAPI.as_view(), name="project-detail"),
    path("projects/<int:pk>/approve/", views.ProjectApproveAPI.as_view(), name="project-approve"),
    path("projects/<int:pk>/reject/", views.ProjectRejectAPI.as_view(), name="project-reject"),
    path("projects/<int:pk>/archive/", views.ProjectArchiveAPI.as_view(), name="project-archive"),
    path("projects/<int:pk>/notes/", views.ProjectNoteListAPI.as_view(), name="project-notes"),
    path("projects/<int:pk>/attachments/", views.ProjectAttachmentListAPI.as_view(), name="project-attachments"),
    path("projects/<int:pk>/attachments/<int:attachment_pk>/", views.ProjectAttachmentDetailAPI.as_view(), name="project-attachment-detail"),
    path("projects/<int:pk>/prequery/", views.PrequeryAPI.as_view(), name="project-prequery"),
    path("projects/<int:pk>/draws/", views.ProjectDrawListAPI.as_view(), name="project-draws"),
    path("projects/<int:pk>/draws/manual/", views.ManualDrawAPI.as_view(), name="project-draw-manual"),
    path("batches/", views.BatchListAPI.as_view(), name="batch-list"),
    # draws and panels
    path("draws/<int:pk>/", views.DrawDetailAPI.as_view(), name="draw-detail"),
    path("draws/<int:pk>/execute/", views.DrawExecuteAPI.as_view(), name="draw-execute"),
    path("draws/<int:pk>/receipt/", views.DrawReceiptAPI.as_view(), name="draw-receipt"),
    path("draws/<int:pk>/receipt/pdf/", views.DrawReceiptPdfAPI.as_view(), name="draw-receipt-pdf"),
    path("draws/<int:pk>/sheet/docx/", views.DrawSheetDocxAPI.as_view(), name="draw-sheet-docx"),
    path("draws/<int:pk>/sheet/xlsx/", views.DrawSheetXlsxAPI.as_view(), name="draw-sheet-xlsx"),
    path("draws/<int:pk>/invitations/", views.DrawInvitationListAPI.as_view(), name="draw-invitations"),
    path("draws/<int:pk>/members/roles/", views.MemberRolesAPI.as_view(), name="draw-member-roles"),
    path("draws/<int:pk>/members/<int:member_pk>/absent/", views.MemberAbsentAPI.as_view(), name="draw-member-absent"),
    path("draws/<int:pk>/members/<int:member_pk>/attended/", views.MemberAttendedAPI.as_view(), name="draw-member-attended"),
    path("history/", views.HistoryAPI.as_view(), name="history"),
    path("history/export/", views.HistoryExportAPI.as_view(), name="history-export"),
    path("sheet-templates/", sheet_templates.SheetTemplateListAPI.as_view(), name="sheet-template-list"),
    path("sheet-templates/placeholders/", sheet_templates.SheetPlaceholderListAPI.as_view(), name="sheet-template-placeholders"),
    path("sheet-templates/default/<slug:kind>/", sheet_templates.SheetTemplateDefaultAPI.as_view(), name="sheet-template-default"),
    path("sheet-templates/<int:pk>/", sheet_templates.SheetTemplateDetailAPI.as_view(), name="sheet-template-detail"),
    path("sheet-templates/<int:pk>/activate/", sheet_templates.SheetTemplateActivateAPI.as_view(), name="sheet-template-activate"),
    path("sheet-templates/<int:pk>/deactivate/", sheet_templates.SheetTemplateDeactivateAPI.as_view(), name="sheet-template-deactivate"),
    path("sheet-templates/<int:pk>/file/<slug:kind>/", sheet_templates.SheetTemplateFileAPI.as_view(), name="sheet-template-file"),
    # the invited expert
    path("me/invitations/", views.MyInvitationListAPI.as_view(), name="my-invitations"),
    path("me/invitations/<int:pk>/", views.MyInvitationDetailAPI.as_view(), name="my-invitation"),
    path("me/invitations/<int:pk>/respond/", views.MyInvitationRespondAPI.as_view(), name="my-invitation-respond"),
    path("me/invitations/<int:pk>/leave/", views.MyInvitationLeaveAPI.as_view(), name="my-invitation-leave"),
]
