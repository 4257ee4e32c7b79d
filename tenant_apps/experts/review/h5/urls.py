from django.urls import path

from tenant_apps.experts.review.h5 import views

urlpatterns = [
    path("", views.MyReviewsView.as_view(), name="my_list"),
    path("<int:pk>/", views.ReviewDetailView.as_view(), name="detail"),
    path("<int:pk>/submissions/<int:sid>/", views.ScoreView.as_view(), name="score"),
    path("<int:pk>/files/<int:fid>/", views.ExpertFileView.as_view(), name="file"),
]
