from django.urls import path

from shared_apps.domains import views

urlpatterns = [
    path("", views.DomainListView.as_view(), name="domains"),
    path("<int:pk>/verify/", views.DomainVerifyView.as_view(), name="domain_verify"),
    path("<int:pk>/delete/", views.DomainDeleteView.as_view(), name="domain_delete"),
]
