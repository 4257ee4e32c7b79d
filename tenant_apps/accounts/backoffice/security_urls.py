from django.urls import path  # noqa: F401

# Login monitoring, IP block list, activity statistics, personal-data reveal.
urlpatterns: list = []
