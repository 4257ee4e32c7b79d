from core.web.menus import MenuItem, register

SECTION = "校友云卡"

register(
    "backoffice",
    MenuItem("alumni_card", "云卡设置", "backoffice:alumni_card:home", "alumni_card.change_cardsettings", module="alumni", section=SECTION, order=340),
    MenuItem("alumni_card_partners", "合作机构", "backoffice:alumni_card:partner_list", "alumni_card.view_partner", module="alumni", section=SECTION, order=341),
    MenuItem("alumni_card_scans", "扫码记录", "backoffice:alumni_card:scan_list", "alumni_card.view_scan", module="alumni", section=SECTION, order=342),
    MenuItem("alumni_card_coupons", "电子券", "backoffice:alumni_card:batch_list", "alumni_card.view_couponbatch", module="alumni", section=SECTION, order=343),
    MenuItem("alumni_card_key", "重点校友", "backoffice:alumni_card:key_list", "alumni_card.manage_key_alumni", module="alumni", section=SECTION, order=344),
    MenuItem("alumni_card_holders", "持卡校友", "backoffice:alumni_card:card_list", "alumni_card.view_card", module="alumni", section=SECTION, order=345),
)
register("h5", MenuItem("h5_alumni_card", "校友云卡", "h5:alumni_card:mine", None, module="alumni", section="校友", order=35))
