from django.urls import path

from tenant_apps.employment.portal.api import views

urlpatterns = [
    path("columns/", views.ColumnListAPI.as_view(), name="portal-column-list"),
    path("columns/<int:pk>/", views.ColumnDetailAPI.as_view(), name="portal-column-detail"),
    path("articles/", views.ArticleListAPI.as_view(), name="portal-article-list"),
    path("articles/<int:pk>/", views.ArticleDetailAPI.as_view(), name="portal-article-detail"),
    path("public/home/", views.PublicHomeAPI.as_view(), name="portal-public-home"),
    path("public/articles/", views.PublicArticleListAPI.as_view(), name="portal-public-articles"),
    path("public/articles/<int:pk>/", views.PublicArticleDetailAPI.as_view(), name="portal-public-article"),
]
