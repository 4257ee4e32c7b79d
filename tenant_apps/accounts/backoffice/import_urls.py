from django.urls import path  # noqa: F401

# User import (template download, upload, report).
urlpatterns: list = []
