from django.urls import path

from tenant_apps.alumni.votes.api import views

urlpatterns = [
    path("", views.VoteListAPI.as_view(), name="vote-list"),
    path("<int:pk>/", views.VoteDetailAPI.as_view(), name="vote-detail"),
    path("<int:pk>/state/", views.VoteStateAPI.as_view(), name="vote-state"),
    path("<int:pk>/ballot/", views.BallotAPI.as_view(), name="vote-ballot"),
    path("<int:pk>/comments/", views.VoteCommentListAPI.as_view(), name="vote-comments"),
    path("comments/<int:pk>/moderate/", views.VoteCommentModerateAPI.as_view(), name="vote-comment-moderate"),
]
