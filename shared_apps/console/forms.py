from django import forms

from shared_apps.provisioning.enums import Module, TenantStatus, TenantType


class TenantFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "单位名称 / 子域名"}))
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *TenantStatus.choices])
    type = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *TenantType.choices])
    plan = forms.CharField(label="套餐", required=False)
    module = forms.ChoiceField(label="模块", required=False, choices=[("", "全部模块"), *Module.choices])


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ModulesForm(ReasonForm):
    modules = forms.MultipleChoiceField(label="开通模块", required=False, choices=Module.choices, widget=forms.CheckboxSelectMultiple)

    field_order = ["modules", "reason"]


class PlanForm(ReasonForm):
    plan = forms.ChoiceField(label="套餐", choices=())

    field_order = ["plan", "reason"]

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(plan.code, f"{plan.name}（{plan.code}）") for plan in plans]


class OfflinePaymentForm(ReasonForm):
    paid_until = forms.DateField(label="线下付费至", required=False, help_text="留空表示取消线下付费。", widget=forms.DateInput(attrs={"type": "date"}))

    field_order = ["paid_until", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "备注（合同号、付款方式等）"


class SignupRetryForm(ReasonForm):
    new_slug = forms.CharField(label="新子域名", max_length=30, required=False, help_text="子域名已被占用时填写；留空沿用原子域名。")

    field_order = ["new_slug", "reason"]


class ImpersonateForm(ReasonForm):
    # Any id is accepted here; the service decides who may be entered as (never vendor staff).
    target = forms.IntegerField(label="代为登录的用户", widget=forms.Select())
    minutes = forms.IntegerField(label="时长（分钟）", min_value=1, max_value=30, initial=30)

    field_order = ["target", "minutes", "reason"]

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.choices = [("", "请选择"), *[(u.pk, f"{u.display_name or u.username}（{u.username}）") for u in users]]


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码", max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "placeholder": "6 位数字"}),
    )


class AuditExportForm(ReasonForm):
    date_from = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    field_order = ["date_from", "date_to", "reason"]
