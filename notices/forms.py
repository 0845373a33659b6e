from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.pages import LookupSelectMultiple, StyledForm
from programs.models import Program, Unit


class NoticeForm(StyledForm):
    program = forms.ModelChoiceField(label=_("项目"), queryset=Program.objects.none())
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 8}),
                           max_length=20000)
    units = forms.ModelMultipleChoiceField(
        label=_("发送单位"), required=False, queryset=Unit.objects.all(),
        help_text=_("不选则发给项目的全部参与单位；所选单位须为项目参与单位"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.visible_to(user).order_by(
            "-start_date", "name")
        units = Unit.objects.visible_to(user)
        self.fields["units"].queryset = units
        self.fields["units"].widget = LookupSelectMultiple(
            reverse_lazy("unit-lookup"), units, attrs={"class": "form-select"})
