from django.apps import AppConfig


class DestinationsConfig(AppConfig):
    """Employment part 1: destination registration (毕业去向登记), approval, ledger, archives and placement statistics."""

    name = "tenant_apps.employment.destinations"
    label = "employment_destinations"
    verbose_name = "毕业去向"
