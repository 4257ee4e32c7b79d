from django.urls import path

from tenant_apps.alumni.activities.backoffice import views

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity_list"),
    path("new/", views.ActivityFormView.as_view(), name="activity_add"),
    path("review/", views.ReviewListView.as_view(), name="review_list"),
    path("blacklist/", views.BlacklistView.as_view(), name="blacklist"),
    path("comments/", views.CommentListView.as_view(), name="comments"),
    path("photos/", views.PhotoModerationView.as_view(), name="photos"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("<int:pk>/edit/", views.ActivityFormView.as_view(), name="activity_edit"),
    path("<int:pk>/export/", views.RegistrationExportView.as_view(), name="registration_export"),
    path("<int:pk>/badges/", views.BadgesView.as_view(), name="badges"),
]
