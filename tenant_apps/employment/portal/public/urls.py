from django.urls import path

from tenant_apps.employment.portal.public import views

# Mounted at /portal/ in the "employment_site" namespace; the home page is the sub-domain root.
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("column/<slug:slug>/", views.ColumnView.as_view(), name="column"),
    path("article/<int:pk>/", views.ArticleView.as_view(), name="article"),
    path("article/<int:pk>/<str:kind>/", views.article_file, name="article_file"),
    path("jobs/", views.JobListView.as_view(), name="jobs"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job"),
    path("sessions/", views.SessionCalendarView.as_view(), name="sessions"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session"),
    path("fairs/", views.FairListView.as_view(), name="fairs"),
    path("fairs/<int:pk>/", views.FairDetailView.as_view(), name="fair"),
    path("school/", views.SchoolView.as_view(), name="school"),
]
