from django.urls import path

from tenant_apps.alumni.orgs.api import views

urlpatterns = [
    path("organizations/", views.OrganizationListAPI.as_view(), name="org-list"),
    path("organizations/<int:pk>/", views.OrganizationDetailAPI.as_view(), name="org-detail"),
    path("organizations/<int:pk>/members/", views.OrganizationMembersAPI.as_view(), name="org-members"),
    path("organizations/<int:pk>/admins/", views.AdminInviteAPI.as_view(), name="org-admins"),
    path("memberships/<int:pk>/review/", views.MembershipReviewAPI.as_view(), name="membership-review"),
    path("exports/", views.ExportListAPI.as_view(), name="export-list"),
    path("exports/<int:pk>/decide/", views.ExportDecideAPI.as_view(), name="export-decide"),
    path("exports/<int:pk>/download/", views.ExportDownloadAPI.as_view(), name="export-download"),
    path("join/", views.JoinAPI.as_view(), name="join"),
]
