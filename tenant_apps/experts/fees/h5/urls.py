from django.urls import path

from tenant_apps.experts.fees.h5 import views

urlpatterns = [
    path("", views.MyLettersView.as_view(), name="my_letters"),
    path("letters/<int:pk>/", views.MyLetterView.as_view(), name="my_letter"),
    path("letters/<int:pk>/pdf/", views.MyLetterPdfView.as_view(), name="my_letter_pdf"),
]
