from django.urls import path

from tenant_apps.alumni.content.h5 import views

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="articles"),
    path("articles/<int:pk>/", views.ArticleView.as_view(), name="article"),
    path("board/<slug:kind>/", views.BoardView.as_view(), name="board"),
]
