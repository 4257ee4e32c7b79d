from django.urls import path

from tenant_apps.alumni.votes.backoffice import views

urlpatterns = [
    path("", views.VoteListView.as_view(), name="list"),
    path("new/", views.VoteFormView.as_view(), name="add"),
    path("<int:pk>/", views.VoteDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.VoteFormView.as_view(), name="edit"),
]
