from django.urls import path

from tenant_apps.messaging.h5 import views

urlpatterns = [
    path("", views.LetterListView.as_view(), name="letter_list"),
    path("<int:pk>/", views.LetterDetailView.as_view(), name="letter_detail"),
    path("read-all/", views.LetterReadAllView.as_view(), name="letter_read_all"),
]
