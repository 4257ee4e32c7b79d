from django.apps import AppConfig


class ResumesConfig(AppConfig):
    """Employment part 3 (E8, E15): students' resumes with versions, attachments, PDF layouts,
    and teachers' section-by-section guidance."""

    name = "tenant_apps.employment.resumes"
    label = "employment_resumes"
    verbose_name = "学生简历"

    def ready(self) -> None:
        from core.files.rules import register_download_rule
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from core.web.warmup import register_warmup
        from tenant_apps.employment.resumes import menus  # noqa: F401
        from tenant_apps.employment.resumes.demo import seed_demo_resumes
        from tenant_apps.employment.resumes.initializers import grant_resume_permissions
        from tenant_apps.employment.resumes.selectors import attachment_visible_to

        register_tenant_initializer(76, "employment_resumes", grant_resume_permissions)
        register_demo_seeder(76, "employment_resumes", seed_demo_resumes)
        register_download_rule("employment_resumes.ResumeAttachment", attachment_visible_to)
        register_warmup(_warm_resume_font)


def _warm_resume_font() -> None:
    """The font subset for resume PDFs: built once per machine (seconds), in a server's warm-up
    thread rather than in the first student's request. Imported here, not at start-up."""
    from tenant_apps.employment.resumes.documents import subset_font

    subset_font()
