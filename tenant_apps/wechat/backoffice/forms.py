"""Back-office forms of the WeChat app: they parse input; the rules live in services."""

from __future__ import annotations

from django import forms

from tenant_apps.wechat.enums import MenuButtonType, StudentBindingMode
from tenant_apps.wechat.services import MAX_SUB_BUTTONS, MAX_TOP_BUTTONS


class AccountForm(forms.Form):
    name = forms.CharField(label="公众号名称", max_length=100, required=False)
    app_id = forms.CharField(label="AppID（开发者 ID）", max_length=32)
    app_secret = forms.CharField(
        label="AppSecret（开发者密码）", max_length=64, required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), help_text="留空则保持不变。保存后不再完整显示。",
    )
    token = forms.CharField(label="令牌（Token）", max_length=32, required=False, help_text="3-32 位字母或数字；首次保存留空将自动生成。")
    aes_key = forms.CharField(
        label="消息加解密密钥（EncodingAESKey）", max_length=43, required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), help_text="43 位，留空则保持不变。",
    )
    is_encrypted_mode = forms.BooleanField(label="安全模式（只接受加密消息）", required=False)
    uses_userinfo_scope = forms.BooleanField(label="首次绑定时获取微信昵称头像（snsapi_userinfo 授权）", required=False)
    student_binding_mode = forms.ChoiceField(label="学生身份绑定方式", choices=StudentBindingMode.choices)
    student_h5_entries = forms.MultipleChoiceField(
        label="学生可见的移动端入口", required=False, widget=forms.CheckboxSelectMultiple, help_text="不勾选任何一项表示全部可见。"
    )
    subscribe_reply = forms.CharField(label="关注后自动回复", required=False, max_length=600, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, entry_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student_h5_entries"].choices = entry_choices


def menu_rows(menu: list[dict]) -> list[dict]:
    """The editor's fixed grid: 3 buttons x (itself + 5 sub-buttons), filled from the saved menu."""
    rows = []
    for index in range(1, MAX_TOP_BUTTONS + 1):
        button = menu[index - 1] if index <= len(menu) else {}
        subs = button.get("sub_button", [])
        rows.append({
            "index": index,
            "button": _row_values(button),
            "has_subs": bool(subs),
            "subs": [
                {"position": position, **_row_values(subs[position - 1] if position <= len(subs) else {})}
                for position in range(1, MAX_SUB_BUTTONS + 1)
            ],
        })
    return rows


def _row_values(button: dict) -> dict:
    kind = button.get("type", MenuButtonType.CLICK)
    return {"name": button.get("name", ""), "type": kind, "value": button.get("url", "") if kind == MenuButtonType.VIEW else button.get("reply", "")}


def menu_from_post(data) -> list[dict]:
    """Turn the editor's fields (b1_name, b1_type, b1_value, b1_2_name, ...) into buttons."""

    def button(prefix: str) -> dict:
        kind = data.get(f"{prefix}_type", MenuButtonType.CLICK)
        value = data.get(f"{prefix}_value", "")
        return {"name": data.get(f"{prefix}_name", ""), "type": kind, "url" if kind == MenuButtonType.VIEW else "reply": value}

    buttons = []
    for index in range(1, MAX_TOP_BUTTONS + 1):
        top = button(f"b{index}")
        top["sub_button"] = [button(f"b{index}_{position}") for position in range(1, MAX_SUB_BUTTONS + 1)]
        buttons.append(top)
    return buttons
