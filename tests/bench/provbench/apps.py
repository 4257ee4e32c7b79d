from django.apps import AppConfig


class ProvbenchConfig(AppConfig):
    name = "provbench"
    label = "provbench"
