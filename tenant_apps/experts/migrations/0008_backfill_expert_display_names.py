"""Issue 19 item 3: expert accounts created before the fix have no display name, so the H5
greets them as `expert_98a3…`. Accounts created or edited since then get the expert's name
(services._sync_account); this backfills the others in one UPDATE per tenant schema. Only an
empty name, or one equal to the generated user name, is replaced: a name a person set stays."""

from django.db import migrations
from django.db.models import F, OuterRef, Q, Subquery


def backfill_expert_display_names(apps, schema_editor) -> int:
    Expert = apps.get_model("experts", "Expert")
    User = apps.get_model("accounts", "User")
    named = Expert.objects.filter(user_id__isnull=False).exclude(name="")
    return (
        User.objects.filter(pk__in=named.values("user_id"))
        .filter(Q(display_name="") | Q(display_name=F("username")))
        .update(display_name=Subquery(named.filter(user_id=OuterRef("pk")).values("name")[:1]))
    )


class Migration(migrations.Migration):

    dependencies = [
        ("experts", "0007_issue19_duties_consent"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(backfill_expert_display_names, migrations.RunPython.noop, elidable=True),
    ]
