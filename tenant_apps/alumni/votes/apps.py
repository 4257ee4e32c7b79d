from django.apps import AppConfig


class VotesConfig(AppConfig):
    """Alumni votes (A7)."""

    name = "tenant_apps.alumni.votes"
    label = "alumni_votes"
    verbose_name = "校友投票"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.alumni.votes import menus  # noqa: F401
        from tenant_apps.alumni.votes.demo import seed_demo_votes
        from tenant_apps.alumni.votes.initializers import seed_vote_groups

        register_tenant_initializer(73, "alumni_votes", seed_vote_groups)
        register_demo_seeder(74, "alumni_votes", seed_demo_votes)
