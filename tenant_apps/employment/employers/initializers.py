"""Default group for a school with the employment module: the career-office staff who run the
recruitment side. Created once; a group the school already has is left as it is."""

from __future__ import annotations

from core.hooks import TenantSeed

RECRUITMENT_GROUP = "招聘服务管理员"
RECRUITMENT_PERMISSIONS = [
    "employment_employers.view_employer", "employment_employers.add_employer", "employment_employers.change_employer",
    "employment_employers.review_employer", "employment_employers.manage_employer_lists", "employment_employers.export_employer",
    "employment_employers.view_employer_statistics", "employment_employers.change_recruitmentsettings",
    "employment_employers.reveal_personal_data", "employment_employers.change_schoolprofile",
    "employment_jobs.view_job", "employment_jobs.add_job", "employment_jobs.change_job", "employment_jobs.review_job", "employment_jobs.export_job",
    "employment_jobs.view_announcement", "employment_jobs.add_announcement", "employment_jobs.change_announcement",
    "employment_jobs.review_announcement", "employment_jobs.view_jobcomplaint", "employment_jobs.change_jobcomplaint",
    "employment_sessions.view_infosession", "employment_sessions.arrange_infosession", "employment_sessions.check_in_infosession",
    "employment_sessions.view_venue", "employment_sessions.add_venue", "employment_sessions.change_venue",
]
DEFAULT_GROUPS: list[tuple[str, str, list[str]]] = [
    (RECRUITMENT_GROUP, "审核用人单位、职位和公告，安排宣讲会，管理黑白名单、标签和审核规则，导出与统计", RECRUITMENT_PERMISSIONS),
]


def seed_recruitment_groups(seed: TenantSeed) -> None:
    if "employment" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
