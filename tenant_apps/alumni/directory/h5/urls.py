from django.urls import path

from tenant_apps.alumni.directory.h5 import views

urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
    path("people/<int:pk>/", views.ProfileView.as_view(), name="profile"),
    path("qr/<str:token>/", views.QRFindView.as_view(), name="qr"),
    path("me/", views.MyProfileView.as_view(), name="my_profile"),
    path("cards/", views.CardListView.as_view(), name="cards"),
    path("cards/<int:pk>/", views.CardView.as_view(), name="card"),
    path("mentors/", views.MentorListView.as_view(), name="mentors"),
    path("mentoring/<int:pk>/", views.MentorshipView.as_view(), name="mentorship"),
]
