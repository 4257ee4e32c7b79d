from django.urls import path

from tenant_apps.employment.portal.h5 import views

urlpatterns = [
    path("", views.NewsIndexView.as_view(), name="index"),
    path("article/<int:pk>/", views.ArticleView.as_view(), name="article"),
]
