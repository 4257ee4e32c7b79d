from django.urls import path

from tenant_apps.alumni.famous.api import views

urlpatterns = [
    path("people/", views.PersonListAPI.as_view(), name="person-list"),
    path("people/<int:pk>/", views.PersonDetailAPI.as_view(), name="person-detail"),
    path("people/<int:pk>/confirm/", views.PersonConfirmAPI.as_view(), name="person-confirm"),
    path("people/<int:pk>/reject/", views.PersonRejectAPI.as_view(), name="person-reject"),
    path("people/<int:pk>/exclude/", views.PersonExcludeAPI.as_view(), name="person-exclude"),
    path("enterprises/", views.EnterpriseListAPI.as_view(), name="enterprise-list"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailAPI.as_view(), name="enterprise-detail"),
    path("enterprises/<int:pk>/confirm/", views.EnterpriseConfirmAPI.as_view(), name="enterprise-confirm"),
    path("enterprises/<int:pk>/reject/", views.EnterpriseRejectAPI.as_view(), name="enterprise-reject"),
    path("enterprises/<int:pk>/exclude/", views.EnterpriseExcludeAPI.as_view(), name="enterprise-exclude"),
    path("news/", views.NewsListAPI.as_view(), name="news-list"),
    path("news/<int:pk>/confirm/", views.NewsConfirmAPI.as_view(), name="news-confirm"),
    path("news/<int:pk>/reject/", views.NewsRejectAPI.as_view(), name="news-reject"),
    path("exclusions/", views.ExclusionListAPI.as_view(), name="exclusion-list"),
    path("exclusions/<int:pk>/", views.ExclusionDetailAPI.as_view(), name="exclusion-detail"),
    path("settings/", views.SettingsAPI.as_view(), name="settings"),
    path("public/people/", views.PublicPersonListAPI.as_view(), name="public-person-list"),
    path("public/people/<int:pk>/", views.PublicPersonDetailAPI.as_view(), name="public-person-detail"),
    path("public/enterprises/", views.PublicEnterpriseListAPI.as_view(), name="public-enterprise-list"),
    path("public/enterprises/<int:pk>/", views.PublicEnterpriseDetailAPI.as_view(), name="public-enterprise-detail"),
    path("public/news/", views.PublicNewsListAPI.as_view(), name="public-news-list"),
]
