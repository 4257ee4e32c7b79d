from django import forms


class YearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    source = forms.CharField(label="依据", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知")
    holidays = forms.CharField(
        label="放假", widget=forms.Textarea(attrs={"rows": 9, "placeholder": "春节 2027-02-06 2027-02-13\n端午节 2027-06-09"}),
        help_text="每行一个节日：名称、第一天、最后一天（只放一天的写一个日期）。周末落在假期内的也可一并写入。",
    )
    swapped = forms.CharField(
        label="调休上班", required=False, widget=forms.Textarea(attrs={"rows": 6, "placeholder": "2027-02-14 春节调休"}),
        help_text="每行一个调为上班的周六或周日，可附说明。",
    )
