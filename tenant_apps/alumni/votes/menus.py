from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("alumni_votes", "投票管理", "backoffice:alumni_votes:list", "alumni_votes.view_vote", module="alumni", section="校友活动", order=330),
)
register("h5", MenuItem("h5_alumni_votes", "校友投票", "h5:alumni_votes:list", None, module="alumni", section="校友", order=34))
