from django.urls import path

from tenant_apps.experts.panels.backoffice import views

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("new/", views.ProjectFormView.as_view(), name="project_add"),
    path("history/", views.HistoryView.as_view(), name="history"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", views.ProjectFormView.as_view(), name="project_edit"),
    path("<int:pk>/draw/", views.DrawNewView.as_view(), name="draw_new"),
    path("draws/<int:pk>/", views.DrawDetailView.as_view(), name="draw_detail"),
    path("draws/<int:pk>/<slug:kind>/", views.DrawFileView.as_view(), name="draw_file"),
]
