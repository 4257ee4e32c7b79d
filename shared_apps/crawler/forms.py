from django import forms

from shared_apps.crawler.enums import Frequency, RunStatus, SourceKind
from shared_apps.crawler.models import CrawlSource


class SourceForm(forms.ModelForm):
    class Meta:
        model = CrawlSource
        fields = ["name", "kind", "base_url", "search_path", "min_interval_seconds", "max_pages", "is_enabled", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"unique": "已有同名来源。"}}

    def clean_search_path(self):
        value = self.cleaned_data["search_path"].strip()
        if "{query}" not in value:
            raise forms.ValidationError("搜索路径中需要包含 {query}。")
        return value


class SourceFilterForm(forms.Form):
    q = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": "名称 / 地址", "type": "search", "aria-label": "搜索"}))
    kind = forms.ChoiceField(required=False, choices=[("", "全部类型"), *SourceKind.choices])


class ScheduleForm(forms.Form):
    source = forms.ModelChoiceField(label="来源", queryset=CrawlSource.objects.order_by("name"), empty_label="请选择")
    tenant = forms.ChoiceField(label="租户", choices=())
    frequency = forms.ChoiceField(label="频率", choices=Frequency.choices, initial=Frequency.WEEKLY)
    first_run_at = forms.DateTimeField(label="首次运行", required=False, help_text="留空按频率从现在算起。",
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                       input_formats=["%Y-%m-%dT%H:%M"])
    is_enabled = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, tenants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenant"].choices = [("", "请选择"), *[(t.pk, f"{t.name}（{t.schema_name}）") for t in tenants]]


class RunFilterForm(forms.Form):
    tenant = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": "租户名称 / 子域名", "type": "search", "aria-label": "租户"}))
    status = forms.ChoiceField(required=False, choices=[("", "全部状态"), *RunStatus.choices])
    source = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RunNowForm(forms.Form):
    tenant = forms.ChoiceField(label="为哪个租户采集", choices=())

    def __init__(self, *args, tenants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenant"].choices = [("", "请选择"), *[(t.pk, f"{t.name}（{t.schema_name}）") for t in tenants]]
