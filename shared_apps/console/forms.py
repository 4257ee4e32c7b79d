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
