from django.urls import path

from tenant_apps.experts.fees.api import views

urlpatterns = [
    path("standards/", views.StandardListAPI.as_view(), name="standard-list"),
    path("standards/<int:pk>/", views.StandardDetailAPI.as_view(), name="standard-detail"),
    path("lines/", views.LineListAPI.as_view(), name="line-list"),
    path("lines/mark-paid/", views.MarkPaidAPI.as_view(), name="line-mark-paid"),
    path("lines/<int:pk>/", views.LineDetailAPI.as_view(), name="line-detail"),
    path("lines/<int:pk>/send-letter/", views.LineSendLetterAPI.as_view(), name="line-send-letter"),
    path("lines/<int:pk>/letters/", views.LineLettersAPI.as_view(), name="line-letters"),
    path("letters/<int:pk>/withdraw/", views.LetterWithdrawAPI.as_view(), name="letter-withdraw"),
    path("letters/<int:pk>/pdf/", views.LetterPdfAPI.as_view(), name="letter-pdf"),
    path("projects/<int:pk>/", views.ProjectFeesAPI.as_view(), name="project-fees"),
    path("projects/<int:pk>/send-letters/", views.ProjectSendLettersAPI.as_view(), name="project-send-letters"),
    path("payout-sheet/", views.PayoutSheetAPI.as_view(), name="payout-sheet"),
    path("experts/<int:pk>/history/", views.ExpertHistoryAPI.as_view(), name="expert-history"),
    path("my-letters/", views.MyLetterListAPI.as_view(), name="my-letter-list"),
    path("my-letters/<int:pk>/", views.MyLetterDetailAPI.as_view(), name="my-letter-detail"),
    path("my-letters/<int:pk>/sign/", views.MyLetterSignAPI.as_view(), name="my-letter-sign"),
    path("my-letters/<int:pk>/pdf/", views.MyLetterPdfAPI.as_view(), name="my-letter-pdf"),
]
