from django.urls import path

from tenant_apps.employment.portal.backoffice import views

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="articles"),
    path("articles/new/", views.ArticleEditView.as_view(), name="article_create"),
    path("articles/<int:pk>/", views.ArticleEditView.as_view(), name="article_edit"),
    path("articles/<int:pk>/pin/", views.ArticlePinView.as_view(), name="article_pin"),
    path("articles/<int:pk>/delete/", views.ArticleDeleteView.as_view(), name="article_delete"),
    path("columns/", views.ColumnListView.as_view(), name="columns"),
    path("columns/new/", views.ColumnEditView.as_view(), name="column_create"),
    path("columns/<int:pk>/", views.ColumnEditView.as_view(), name="column_edit"),
    path("columns/<int:pk>/delete/", views.ColumnDeleteView.as_view(), name="column_delete"),
]
