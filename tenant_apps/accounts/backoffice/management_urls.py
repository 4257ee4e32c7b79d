from django.urls import path  # noqa: F401

# Users, groups, org units.
urlpatterns: list = []
