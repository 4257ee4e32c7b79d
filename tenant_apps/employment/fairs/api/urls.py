from django.urls import path

from tenant_apps.employment.fairs.api import views

urlpatterns = [
    path("", views.FairListAPI.as_view(), name="fair-list"),
    path("published/", views.FairPublishedAPI.as_view(), name="fair-published"),
    path("tickets/", views.FairMyTicketsAPI.as_view(), name="fair-my-tickets"),
    path("employer/open/", views.FairEmployerOpenAPI.as_view(), name="fair-employer-open"),
    path("employer/applications/", views.FairEmployerApplicationAPI.as_view(), name="fair-employer-applications"),
    path("employer/applications/<int:application_pk>/withdraw/", views.FairEmployerWithdrawAPI.as_view(), name="fair-employer-withdraw"),
    path("<int:pk>/", views.FairDetailAPI.as_view(), name="fair-detail"),
    path("<int:pk>/publish/", views.FairPublishAPI.as_view(), name="fair-publish"),
    path("<int:pk>/cancel/", views.FairCancelAPI.as_view(), name="fair-cancel"),
    path("<int:pk>/halls/", views.FairHallListAPI.as_view(), name="fair-halls"),
    path("<int:pk>/halls/<int:hall_pk>/layout/", views.FairHallLayoutAPI.as_view(), name="fair-hall-layout"),
    path("<int:pk>/applications/", views.FairApplicationListAPI.as_view(), name="fair-applications"),
    path("<int:pk>/applications/<int:application_pk>/review/", views.FairApplicationReviewAPI.as_view(), name="fair-application-review"),
    path("<int:pk>/applications/<int:application_pk>/booth/", views.FairBoothAssignAPI.as_view(), name="fair-booth-assign"),
    path("<int:pk>/auto-assign/", views.FairAutoAssignAPI.as_view(), name="fair-auto-assign"),
    path("<int:pk>/no-shows/", views.FairNoShowsAPI.as_view(), name="fair-no-shows"),
    path("<int:pk>/figures/", views.FairFiguresAPI.as_view(), name="fair-figures"),
    path("<int:pk>/live/", views.FairLiveAPI.as_view(), name="fair-live"),
    path("<int:pk>/door/bundle/", views.FairDoorBundleAPI.as_view(), name="fair-door-bundle"),
    path("<int:pk>/door/scans/", views.FairDoorScansAPI.as_view(), name="fair-door-scans"),
    path("<int:pk>/exhibitors/", views.FairExhibitorsAPI.as_view(), name="fair-exhibitors"),
    path("<int:pk>/ticket/", views.FairTicketAPI.as_view(), name="fair-ticket"),
    path("<int:pk>/follow/", views.FairFollowAPI.as_view(), name="fair-follow"),
]
