"""Two demo votes (one running, one finished) with ballots from the demo alumni."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone


def seed_demo_votes(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.votes.models import Ballot, Option, Vote

    if Vote.objects.exists():
        return
    rng = random.Random(7)
    now = timezone.now()
    voters = list(User.objects.filter(kind="alumnus").order_by("pk")[:120])
    specs = [("2027 年校友返校日主题征集", ["情系母校·共话未来", "百年薪火·校友同行", "青春再聚·桃李芬芳"], False, now - datetime.timedelta(days=3), now + datetime.timedelta(days=10)),
             ("校友会年度最受欢迎活动（多选）", ["新年联谊会", "秋季毅行", "创业沙龙", "值年返校"], True, now - datetime.timedelta(days=40), now - datetime.timedelta(days=5))]
    for title, labels, multiple, starts, ends in specs:
        vote = Vote.objects.create(title=title, description="请投出您宝贵的一票。", is_multiple=multiple, max_choices=2 if multiple else 1, starts_at=starts,
                                   ends_at=ends)
        options = Option.objects.bulk_create([Option(vote=vote, label=label, sort_order=i) for i, label in enumerate(labels)])
        ballots = Ballot.objects.bulk_create([Ballot(vote=vote, voter=user, person_key=f"user:{user.pk}") for user in voters[: rng.randint(40, len(voters))]])
        through = Ballot.options.through
        rows = []
        for ballot in ballots:
            for option in rng.sample(options, 2 if multiple else 1):
                rows.append(through(ballot_id=ballot.pk, option_id=option.pk))
        through.objects.bulk_create(rows)
