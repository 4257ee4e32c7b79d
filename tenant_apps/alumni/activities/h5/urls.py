from django.urls import path

from tenant_apps.alumni.activities.h5 import views

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="list"),
    path("mine/", views.MyRegistrationsView.as_view(), name="mine"),
    path("new/", views.ActivityProposeView.as_view(), name="propose"),
    path("manage/", views.ManageListView.as_view(), name="manage_list"),
    path("manage/<int:pk>/", views.ManageDetailView.as_view(), name="manage_detail"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="detail"),
    path("<int:pk>/door/", views.DoorView.as_view(), name="door"),
    path("registrations/<int:pk>/", views.RegistrationView.as_view(), name="registration"),
    path("registrations/<int:pk>/pay/", views.PayView.as_view(), name="pay"),
    path("lotteries/<str:token>/", views.lottery_public, name="lottery"),
    path("lotteries/<str:token>/receipt.json", views.lottery_receipt, name="lottery_receipt"),
]
