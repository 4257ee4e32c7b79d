from django.urls import path

from tenant_apps.cms.backoffice import views

# Mounted at /admin-ui/site/ in the "backoffice" namespace.
urlpatterns = [path("", views.SiteSettingsView.as_view(), name="site_settings")]
for key, resource in views.RESOURCES.items():
    urlpatterns += [
        path(f"{key}/", views.ResourceListView.as_view(resource=resource), name=f"site_{key}_list"),
        path(f"{key}/new/", views.ResourceEditView.as_view(resource=resource), name=f"site_{key}_create"),
        path(f"{key}/<int:pk>/", views.ResourceEditView.as_view(resource=resource), name=f"site_{key}_edit"),
        path(f"{key}/<int:pk>/delete/", views.ResourceDeleteView.as_view(resource=resource), name=f"site_{key}_delete"),
        path(f"{key}/<int:pk>/move/", views.ResourceMoveView.as_view(resource=resource), name=f"site_{key}_move"),
    ]
