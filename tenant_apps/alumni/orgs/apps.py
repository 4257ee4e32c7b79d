from django.apps import AppConfig


class OrgsConfig(AppConfig):
    """Alumni part 1: the association and its chapters."""

    name = "tenant_apps.alumni.orgs"
    label = "alumni_orgs"
    verbose_name = "校友组织"
