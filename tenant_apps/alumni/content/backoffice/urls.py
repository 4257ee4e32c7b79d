from django.urls import path

from tenant_apps.alumni.content.backoffice import views

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("new/", views.ArticleFormView.as_view(), name="article_add"),
    path("<int:pk>/edit/", views.ArticleFormView.as_view(), name="article_edit"),
    path("moderation/", views.ModerationView.as_view(), name="moderation"),
]
