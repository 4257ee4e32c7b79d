from django.urls import path

from tenant_apps.alumni.directory.api import views

urlpatterns = [
    path("search/", views.SearchAPI.as_view(), name="search"),
    path("profiles/<int:pk>/", views.ProfileAPI.as_view(), name="profile"),
    path("me/", views.MyProfileAPI.as_view(), name="me"),
    path("cards/", views.CardListAPI.as_view(), name="card-list"),
    path("cards/<int:pk>/respond/", views.CardRespondAPI.as_view(), name="card-respond"),
    path("cards/<int:pk>/messages/", views.CardRelayAPI.as_view(), name="card-messages"),
    path("mentors/", views.MentorListAPI.as_view(), name="mentor-list"),
    path("mentorships/", views.MentorshipListAPI.as_view(), name="mentorship-list"),
    path("mentorships/<int:pk>/respond/", views.MentorshipRespondAPI.as_view(), name="mentorship-respond"),
]
