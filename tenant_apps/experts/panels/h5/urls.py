from django.urls import path

from tenant_apps.experts.panels.h5 import views

urlpatterns = [
    path("invitations/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path("invitations/<str:token>/calendar.ics", views.invitation_calendar, name="invitation_calendar"),
    path("me/", views.MyInvitationsView.as_view(), name="my_invitations"),
    path("me/<int:pk>/", views.MyInvitationDetailView.as_view(), name="my_invitation"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("verify/<str:token>/receipt.json", views.verify_json, name="verify_json"),
]
