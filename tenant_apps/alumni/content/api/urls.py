from django.urls import path

from tenant_apps.alumni.content.api import views

urlpatterns = [
    path("articles/", views.ArticleListAPI.as_view(), name="article-list"),
    path("articles/<int:pk>/", views.ArticleDetailAPI.as_view(), name="article-detail"),
    path("articles/<int:pk>/review/", views.ArticleReviewAPI.as_view(), name="article-review"),
    path("articles/<int:pk>/comments/", views.ArticleCommentsAPI.as_view(), name="article-comments"),
    path("posts/", views.PostListAPI.as_view(), name="post-list"),
    path("posts/<int:pk>/review/", views.PostReviewAPI.as_view(), name="post-review"),
]
