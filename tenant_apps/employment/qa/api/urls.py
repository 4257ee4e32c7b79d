from django.urls import path

from tenant_apps.employment.qa.api import views

urlpatterns = [
    path("questions/", views.QuestionListAPI.as_view(), name="question-list"),
    path("questions/mine/", views.MyQuestionsAPI.as_view(), name="question-mine"),
    path("questions/employer/", views.EmployerQuestionsAPI.as_view(), name="question-employer"),
    path("questions/<int:pk>/", views.QuestionDetailAPI.as_view(), name="question-detail"),
    path("questions/<int:pk>/messages/", views.QuestionMessageAPI.as_view(), name="question-message"),
    path("questions/<int:pk>/close/", views.QuestionCloseAPI.as_view(), name="question-close"),
    path("messages/<int:pk>/promote/", views.PromoteAPI.as_view(), name="message-promote"),
    path("faq/", views.FaqListAPI.as_view(), name="faq-list"),
    path("faq/<int:pk>/", views.FaqDetailAPI.as_view(), name="faq-detail"),
    path("advising/slots/", views.SlotListAPI.as_view(), name="slot-list"),
    path("advising/slots/<int:pk>/", views.SlotDetailAPI.as_view(), name="slot-detail"),
    path("advising/slots/<int:pk>/cancel/", views.SlotCancelAPI.as_view(), name="slot-cancel"),
    path("advising/slots/<int:pk>/book/", views.SlotBookAPI.as_view(), name="slot-book"),
    path("advising/open/", views.OpenSlotsAPI.as_view(), name="slot-open"),
    path("advising/bookings/mine/", views.MyBookingsAPI.as_view(), name="booking-mine"),
    path("advising/bookings/<int:pk>/cancel/", views.BookingCancelAPI.as_view(), name="booking-cancel"),
    path("advising/bookings/<int:pk>/record/", views.BookingRecordAPI.as_view(), name="booking-record"),
]
