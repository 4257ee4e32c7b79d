"""Back office view of the directory: who is listed, for the alumni office (no contacts)."""

from __future__ import annotations

from django.db.models import Q
from django.views.generic import TemplateView

from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.directory.models import CardRequest, MentorOffer, Profile


class ProfileListView(BackofficeMixin, TemplateView):
    permission_required = "alumni_directory.view_profile"
    template_name = "alumni_directory/backoffice/profile_list.html"
    page_title = "校友录名片"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        profiles = Profile.objects.only("pk", "name", "class_year", "college", "major", "listed", "is_deceased", "created_at")
        if q:
            profiles = profiles.filter(Q(name__icontains=q) | Q(major__icontains=q))
        context.update(**paginate(self.request, profiles.order_by("-created_at", "-pk"), per_page=30), q=q, cards=CardRequest.objects.count(),
                       accepted=CardRequest.objects.filter(status="accepted").count(), mentors=MentorOffer.objects.filter(is_active=True).count())
        return context
