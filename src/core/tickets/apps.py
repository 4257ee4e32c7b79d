from django.apps import AppConfig


class TicketsConfig(AppConfig):
    """Signed QR tickets (activities, job fairs, the alumni card): one kernel, per-tenant keys."""

    name = "core.tickets"
    label = "core_tickets"
    verbose_name = "电子票"
