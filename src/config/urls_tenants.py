"""URLs served on a tenant's sub-domain. Module URLs sit under a namespace named after the
module so that core.tenancy.ModuleGateMiddleware can hide switched-off modules (404)."""

from django.urls import include, path
from django.views.generic import RedirectView

from core.api.docs import APIDocsView, APISchemaView
from core.health import healthz
from core.web.views import favicon

backoffice_patterns = [
    path("", include("tenant_apps.accounts.backoffice.urls")),
    path("audit/", include("core.web.audit_urls")),
    path("jobs/", include("core.importexport.urls")),
    path("site/", include("tenant_apps.cms.backoffice.urls")),
    path("billing/", include("shared_apps.billing.backoffice_urls")),
    path("impersonate/", include("shared_apps.console.tenant_urls")),
    path("messaging/", include("tenant_apps.messaging.backoffice.urls")),
    path("wechat/", include("tenant_apps.wechat.backoffice.urls")),
    path("employment/", include(("tenant_apps.employment.backoffice.urls", "employment"))),
    path("alumni/", include(("tenant_apps.alumni.backoffice.urls", "alumni"))),
    path("employment/students/", include(("tenant_apps.employment.students.backoffice.urls", "employment_students"))),
    path("employment/destinations/", include(("tenant_apps.employment.destinations.backoffice.urls", "employment_destinations"))),
    path("employment/archives/", include(("tenant_apps.employment.archives.backoffice.urls", "employment_archives"))),
    path("employment/statistics/", include(("tenant_apps.employment.statistics.backoffice.urls", "employment_statistics"))),
    path("employment/employers/", include(("tenant_apps.employment.employers.backoffice.urls", "employment_employers"))),
    path("employment/jobs/", include(("tenant_apps.employment.jobs.backoffice.urls", "employment_jobs"))),
    path("employment/sessions/", include(("tenant_apps.employment.sessions.backoffice.urls", "employment_sessions"))),
    path("employment/chat/", include(("tenant_apps.employment.chat.backoffice.urls", "employment_chat"))),
    path("alumni/orgs/", include(("tenant_apps.alumni.orgs.backoffice.urls", "alumni_orgs"))),
    path("alumni/records/", include(("tenant_apps.alumni.records.backoffice.urls", "alumni_records"))),
    path("alumni/directory/", include(("tenant_apps.alumni.directory.backoffice.urls", "alumni_directory"))),
    path("alumni/activities/", include(("tenant_apps.alumni.activities.backoffice.urls", "alumni_activities"))),
    path("alumni/votes/", include(("tenant_apps.alumni.votes.backoffice.urls", "alumni_votes"))),
    path("alumni/famous/", include(("tenant_apps.alumni.famous.backoffice.urls", "alumni_famous"))),
    path("payments/", include(("tenant_apps.payments.backoffice.urls", "payments"))),
    path("alumni/content/", include(("tenant_apps.alumni.content.backoffice.urls", "alumni_content"))),
    path("experts/", include(("tenant_apps.experts.backoffice.urls", "experts"))),
    path("panels/", include(("tenant_apps.experts.panels.backoffice.urls", "experts_panels"))),
    path("evaluation/", include(("tenant_apps.experts.evaluation.backoffice.urls", "experts_evaluation"))),
    path("fees/", include(("tenant_apps.experts.fees.backoffice.urls", "experts_fees"))),
    path("review/", include(("tenant_apps.experts.review.backoffice.urls", "experts_review"))),
]

h5_patterns = [
    path("", include("tenant_apps.accounts.h5.urls")),
    path("site/", include("tenant_apps.cms.h5.urls")),
    path("messages/", include("tenant_apps.messaging.h5.urls")),
    path("wechat/", include("tenant_apps.wechat.h5.urls")),
    path("employment/", include(("tenant_apps.employment.h5.urls", "employment"))),
    path("alumni/", include(("tenant_apps.alumni.h5.urls", "alumni"))),
    path("employment/students/", include(("tenant_apps.employment.students.h5.urls", "employment_students"))),
    path("employment/destinations/", include(("tenant_apps.employment.destinations.h5.urls", "employment_destinations"))),
    path("employment/archives/", include(("tenant_apps.employment.archives.h5.urls", "employment_archives"))),
    path("employment/employers/", include(("tenant_apps.employment.employers.h5.urls", "employment_employers"))),
    path("employment/jobs/", include(("tenant_apps.employment.jobs.h5.urls", "employment_jobs"))),
    path("employment/sessions/", include(("tenant_apps.employment.sessions.h5.urls", "employment_sessions"))),
    path("employment/chat/", include(("tenant_apps.employment.chat.h5.urls", "employment_chat"))),
    path("alumni/orgs/", include(("tenant_apps.alumni.orgs.h5.urls", "alumni_orgs"))),
    path("alumni/records/", include(("tenant_apps.alumni.records.h5.urls", "alumni_records"))),
    path("alumni/directory/", include(("tenant_apps.alumni.directory.h5.urls", "alumni_directory"))),
    path("alumni/activities/", include(("tenant_apps.alumni.activities.h5.urls", "alumni_activities"))),
    path("alumni/votes/", include(("tenant_apps.alumni.votes.h5.urls", "alumni_votes"))),
    path("alumni/famous/", include(("tenant_apps.alumni.famous.h5.urls", "alumni_famous"))),
    path("alumni/content/", include(("tenant_apps.alumni.content.h5.urls", "alumni_content"))),
    path("experts/", include(("tenant_apps.experts.h5.urls", "experts"))),
    path("panels/", include(("tenant_apps.experts.panels.h5.urls", "experts_panels"))),
    path("evaluation/", include(("tenant_apps.experts.evaluation.h5.urls", "experts_evaluation"))),
    path("fees/", include(("tenant_apps.experts.fees.h5.urls", "experts_fees"))),
    path("review/", include(("tenant_apps.experts.review.h5.urls", "experts_review"))),
]

api_patterns = [
    path("", include("tenant_apps.accounts.api.urls")),
    path("", include("core.api.urls")),
    path("site/", include("tenant_apps.cms.api.urls")),
    path("billing/", include(("shared_apps.billing.api.urls", "billing"))),
    path("messaging/", include("tenant_apps.messaging.api.urls")),
    path("wechat/", include("tenant_apps.wechat.api.urls")),
    path("employment/", include(("tenant_apps.employment.api.urls", "employment"))),
    path("alumni/", include(("tenant_apps.alumni.api.urls", "alumni"))),
    path("employment/students/", include(("tenant_apps.employment.students.api.urls", "employment_students"))),
    path("employment/destinations/", include(("tenant_apps.employment.destinations.api.urls", "employment_destinations"))),
    path("employment/archives/", include(("tenant_apps.employment.archives.api.urls", "employment_archives"))),
    path("employment/statistics/", include(("tenant_apps.employment.statistics.api.urls", "employment_statistics"))),
    path("employment/employers/", include(("tenant_apps.employment.employers.api.urls", "employment_employers"))),
    path("employment/jobs/", include(("tenant_apps.employment.jobs.api.urls", "employment_jobs"))),
    path("employment/sessions/", include(("tenant_apps.employment.sessions.api.urls", "employment_sessions"))),
    path("employment/chat/", include(("tenant_apps.employment.chat.api.urls", "employment_chat"))),
    path("alumni/orgs/", include(("tenant_apps.alumni.orgs.api.urls", "alumni_orgs"))),
    path("alumni/records/", include(("tenant_apps.alumni.records.api.urls", "alumni_records"))),
    path("alumni/directory/", include(("tenant_apps.alumni.directory.api.urls", "alumni_directory"))),
    path("alumni/activities/", include(("tenant_apps.alumni.activities.api.urls", "alumni_activities"))),
    path("alumni/votes/", include(("tenant_apps.alumni.votes.api.urls", "alumni_votes"))),
    path("alumni/famous/", include(("tenant_apps.alumni.famous.api.urls", "alumni_famous"))),
    path("payments/", include(("tenant_apps.payments.api.urls", "payments"))),
    path("alumni/content/", include(("tenant_apps.alumni.content.api.urls", "alumni_content"))),
    path("experts/", include(("tenant_apps.experts.api.urls", "experts"))),
    path("panels/", include(("tenant_apps.experts.panels.api.urls", "experts_panels"))),
    path("evaluation/", include(("tenant_apps.experts.evaluation.api.urls", "experts_evaluation"))),
    path("fees/", include(("tenant_apps.experts.fees.api.urls", "experts_fees"))),
    path("review/", include(("tenant_apps.experts.review.api.urls", "experts_review"))),
]

# Error pages in the layout of the area (back office, H5); JSON bodies under /api/ through
# core.api.errors for errors raised outside DRF views (unknown URL, module off).
handler400 = "core.web.errors.handler400"
handler403 = "core.web.errors.handler403"
handler404 = "core.web.errors.handler404"
handler500 = "core.web.errors.handler500"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin-ui/", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("files/", include("core.files.urls")),
    path("admin-ui/", include((backoffice_patterns, "backoffice"))),
    path("h5/", include((h5_patterns, "h5"))),
    path("api/v1/", include((api_patterns, "api"))),
    path("api/schema/", APISchemaView.as_view(), name="api-schema"),
    path("api/docs/", APIDocsView.as_view(), name="api-docs"),
    path("employer/", include(("tenant_apps.employment.employers.portal.urls", "employment_portal"))),
]
