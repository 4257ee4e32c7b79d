from core.web.menus import MenuItem, register

register("backoffice", MenuItem("alumni_outreach_mail", "邮件群发", "backoffice:alumni_outreach:list", "alumni_outreach.view_campaign", module="alumni",
                                section="邮件短信", order=360))
register("backoffice", MenuItem("alumni_outreach_sms", "短信群发", "backoffice:alumni_outreach:sms_list", "alumni_outreach.view_campaign", module="alumni",
                                section="邮件短信", order=361))
register("backoffice", MenuItem("alumni_outreach_templates", "模板与素材", "backoffice:alumni_outreach:templates", "alumni_outreach.view_outreachtemplate",
                                module="alumni", section="邮件短信", order=362))
register("backoffice", MenuItem("alumni_outreach_quota", "短信额度", "backoffice:alumni_outreach:quota", "alumni_outreach.view_smsquota", module="alumni",
                                section="邮件短信", order=363))
register("backoffice", MenuItem("alumni_outreach_birthday", "生日祝福", "backoffice:alumni_outreach:birthday", "alumni_outreach.view_birthdaysetting",
                                module="alumni", section="邮件短信", order=364))
