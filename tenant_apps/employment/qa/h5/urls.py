from django.urls import path

from tenant_apps.employment.qa.h5 import views

urlpatterns = [
    path("", views.MyQuestionsView.as_view(), name="list"),
    path("ask/", views.AskView.as_view(), name="ask"),
    path("<int:pk>/", views.QuestionView.as_view(), name="detail"),
    path("faq/", views.FaqView.as_view(), name="faq"),
    path("advising/", views.AdvisingView.as_view(), name="advising"),
    path("advising/<int:pk>/book/", views.BookView.as_view(), name="book"),
    path("advising/bookings/<int:pk>/cancel/", views.CancelBookingView.as_view(), name="cancel_booking"),
]
