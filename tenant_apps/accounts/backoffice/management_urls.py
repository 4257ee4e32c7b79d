from django.urls import path

from tenant_apps.accounts.backoffice import management_views as views

# Users, groups, org units.
urlpatterns = [
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("users/<int:pk>/active/", views.UserToggleActiveView.as_view(), name="user_toggle_active"),
    path("users/<int:pk>/reset-password/", views.UserResetPasswordView.as_view(), name="user_reset_password"),
    path("users/<int:pk>/unlock/", views.UserUnlockView.as_view(), name="user_unlock"),
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/new/", views.GroupCreateView.as_view(), name="group_create"),
    path("groups/<int:pk>/edit/", views.GroupEditView.as_view(), name="group_edit"),
    path("groups/<int:pk>/delete/", views.GroupDeleteView.as_view(), name="group_delete"),
    path("org-units/", views.OrgUnitListView.as_view(), name="org_unit_list"),
    path("org-units/new/", views.OrgUnitCreateView.as_view(), name="org_unit_create"),
    path("org-units/<int:pk>/edit/", views.OrgUnitEditView.as_view(), name="org_unit_edit"),
    path("org-units/<int:pk>/delete/", views.OrgUnitDeleteView.as_view(), name="org_unit_delete"),
]
