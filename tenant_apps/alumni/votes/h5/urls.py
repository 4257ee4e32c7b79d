from django.urls import path

from tenant_apps.alumni.votes.h5 import views

urlpatterns = [
    path("", views.VoteListView.as_view(), name="list"),
    path("<int:pk>/", views.VoteDetailView.as_view(), name="detail"),
    path("<int:pk>/options/<int:option_pk>/", views.VoteDetailView.as_view(), name="canvass"),
]
