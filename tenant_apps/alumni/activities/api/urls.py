from django.urls import path

from tenant_apps.alumni.activities.api import views

urlpatterns = [
    path("", views.ActivityListAPI.as_view(), name="activity-list"),
    path("managed/", views.ManagedActivityListAPI.as_view(), name="activity-managed"),
    path("chapter-choices/", views.ChapterChoiceListAPI.as_view(), name="chapter-choices"),
    path("<int:pk>/", views.ActivityDetailAPI.as_view(), name="activity-detail"),
    path("<int:pk>/review/", views.ActivityReviewAPI.as_view(), name="activity-review"),
    path("<int:pk>/flags/", views.ActivityFlagsAPI.as_view(), name="activity-flags"),
    path("<int:pk>/invitations/", views.InvitationListAPI.as_view(), name="invitation-list"),
    path("<int:pk>/notices/", views.NoticeAPI.as_view(), name="activity-notice"),
    path("<int:pk>/badges/", views.BadgesAPI.as_view(), name="activity-badges"),
    path("<int:pk>/comments/", views.CommentListAPI.as_view(), name="comment-list"),
    path("comments/<int:pk>/moderate/", views.CommentModerateAPI.as_view(), name="comment-moderate"),
    path("blacklist/", views.BlacklistAPI.as_view(), name="blacklist"),
    path("blacklist/<int:pk>/", views.BlacklistEntryAPI.as_view(), name="blacklist-entry"),
    path("<int:pk>/register/", views.RegisterAPI.as_view(), name="activity-register"),
    path("<int:pk>/registrations/", views.RegistrationListAPI.as_view(), name="registration-list"),
    path("<int:pk>/door/bundle/", views.DoorBundleAPI.as_view(), name="door-bundle"),
    path("<int:pk>/door/scans/", views.DoorScansAPI.as_view(), name="door-scans"),
    path("<int:pk>/tickets/verify/", views.TicketVerifyAPI.as_view(), name="ticket-verify"),
    path("<int:pk>/photos/", views.ActivityPhotoListAPI.as_view(), name="photo-list"),
    path("photos/<int:pk>/", views.ActivityPhotoDetailAPI.as_view(), name="photo-detail"),
    path("photos/<int:pk>/review/", views.ActivityPhotoReviewAPI.as_view(), name="photo-review"),
    path("<int:pk>/lotteries/", views.LotteryListAPI.as_view(), name="lottery-list"),
    path("lotteries/<int:pk>/<str:action>/", views.LotteryActionAPI.as_view(), name="lottery-action"),
    path("registrations/<int:pk>/review/", views.RegistrationReviewAPI.as_view(), name="registration-review"),
    path("registrations/<int:pk>/remove/", views.RegistrationRemoveAPI.as_view(), name="registration-remove"),
    path("me/registrations/", views.MyRegistrationListAPI.as_view(), name="my-registrations"),
    path("me/registrations/<int:pk>/<str:action>/", views.MyRegistrationActionAPI.as_view(), name="my-registration-action"),
]
