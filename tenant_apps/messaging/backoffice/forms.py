"""Back-office forms of the messaging gateway."""

from __future__ import annotations

import json

from django import forms

from tenant_apps.messaging.enums import Channel, ProviderName
from tenant_apps.messaging.models import MessageTemplate

CHANNEL_CHOICES = [("", "—")] + list(Channel.choices)


class TemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["code", "name", "subject", "body", "sms_template_code", "wechat_template_id", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class ComposeForm(forms.Form):
    template_code = forms.ChoiceField(label="使用模板", required=False)
    subject = forms.CharField(label="标题", max_length=200, required=False)
    body = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 6}), required=False, help_text="可用变量：{{ name }}（姓名）")
    link = forms.CharField(label="链接", max_length=500, required=False)
    channel_1 = forms.ChoiceField(label="首选渠道", choices=Channel.choices)
    channel_2 = forms.ChoiceField(label="第二渠道", choices=CHANNEL_CHOICES, required=False)
    channel_3 = forms.ChoiceField(label="第三渠道", choices=CHANNEL_CHOICES, required=False)
    kind = forms.ChoiceField(label="身份", required=False)
    group_id = forms.TypedChoiceField(label="用户组", required=False, coerce=int, empty_value=None)
    org_unit_id = forms.TypedChoiceField(label="所属单位", required=False, coerce=int, empty_value=None)
    send_at = forms.DateTimeField(label="定时发送", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), input_formats=["%Y-%m-%dT%H:%M"])
    is_commercial = forms.BooleanField(label="营销类（短信附退订提示）", required=False)

    def __init__(self, *args, templates=(), kinds=(), groups=(), org_units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_code"].choices = [("", "不使用模板")] + [(t.code, t.name) for t in templates]
        self.fields["kind"].choices = [("", "全部身份")] + list(kinds)
        self.fields["group_id"].choices = [("", "全部用户组")] + [(g.pk, g.name) for g in groups]
        self.fields["org_unit_id"].choices = [("", "全部单位")] + list(org_units)

    def clean(self):
        data = super().clean()
        if not data.get("template_code") and not (data.get("subject") and data.get("body")):
            raise forms.ValidationError("请填写标题和内容，或选择模板。")
        return data

    def channels(self) -> list[str]:
        return [c for c in (self.cleaned_data.get(f"channel_{i}") for i in (1, 2, 3)) if c]

    def audience(self) -> dict:
        filters = {k: self.cleaned_data[k] for k in ("kind", "group_id", "org_unit_id") if self.cleaned_data.get(k)}
        return {"resolver": "accounts.users", "filters": filters}


class ProviderConfigForm(forms.Form):
    channel = forms.ChoiceField(label="渠道", choices=[c for c in Channel.choices if c[0] != Channel.LETTER])
    provider = forms.ChoiceField(label="服务商", choices=ProviderName.choices)
    options = forms.CharField(label="参数（JSON）", widget=forms.Textarea(attrs={"rows": 6}), required=False, initial="{}", help_text='如 {"endpoint": "...", "sign_name": "...", "template_code": "...", "rate_per_second": 50}')
    secrets = forms.CharField(label="密钥（JSON，留空表示不修改）", widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text='如 {"access_key_id": "...", "access_key_secret": "..."}；已保存的密钥不会显示')
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def _json(self, name):
        raw = (self.cleaned_data.get(name) or "").strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise forms.ValidationError("不是有效的 JSON。") from exc
        if not isinstance(value, dict):
            raise forms.ValidationError("应为 JSON 对象。")
        return value

    def clean_options(self):
        return self._json("options")

    def clean_secrets(self):
        return self._json("secrets")
