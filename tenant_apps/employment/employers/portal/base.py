"""The employer portal's access rule, shared by the portal pages of every recruitment sub-app:
signed in with an HR account of an employer. Its own layout (PC and phone), on the school's
sub-domain, under /employer/."""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login

from tenant_apps.employment.employers.selectors import employer_for_user


class EmployerPortalMixin(AccessMixin):
    login_url = "employment_portal:login"
    page_title = ""
    portal_section = ""
    # None: any signed-in HR. Else an Employer flag that must be on ("can_post_jobs" ...).
    employer_permission: str | None = None

    def dispatch(self, request, *args, **kwargs):
        self.employer = employer_for_user(request.user)
        if self.employer is None:
            return redirect_to_login(request.get_full_path(), self.get_login_url())
        return super().dispatch(request, *args, **kwargs)

    def permission_refused(self) -> bool:
        return bool(self.employer_permission) and not getattr(self.employer, self.employer_permission)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"employer": self.employer, "page_title": self.page_title, "portal_section": self.portal_section,
                        "permission_refused": self.permission_refused()})
        return context
