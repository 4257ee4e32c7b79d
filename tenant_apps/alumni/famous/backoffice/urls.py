from django.urls import path

from tenant_apps.alumni.famous.backoffice import views

urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("news/", views.NewsListView.as_view(), name="news_list"),
    path("exclusions/", views.ExclusionListView.as_view(), name="exclusions"),
    path("exclusions/<int:pk>/lift/", views.ExclusionLiftView.as_view(), name="exclusion_lift"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    # person|enterprise|news / id / confirm|reject|exclude
    path("<str:kind>/<int:pk>/<str:action>/", views.DecisionView.as_view(), name="decide"),
]
