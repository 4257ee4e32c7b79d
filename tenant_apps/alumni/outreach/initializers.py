from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS = [
    ("群发管理员", "邮件、短信群发，模板与素材，短信额度，生日祝福",
     ["alumni_outreach.view_campaign", "alumni_outreach.add_campaign", "alumni_outreach.change_campaign", "alumni_outreach.delete_campaign",
      "alumni_outreach.send_campaign", "alumni_outreach.view_outreachtemplate", "alumni_outreach.add_outreachtemplate",
      "alumni_outreach.change_outreachtemplate", "alumni_outreach.delete_outreachtemplate", "alumni_outreach.view_smsquota",
      "alumni_outreach.view_birthdaysetting", "alumni_outreach.change_birthdaysetting"]),
]


def seed_outreach_groups(seed: TenantSeed) -> None:
    if "alumni" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
