from django import forms
from django.utils.translation import gettext_lazy as _

from core.pages import StyledForm
from programs.models import Batch, Program

from .choices import ReportFormat, ReportKind
from .kinds import COMPLIANCE_GROUPS


class FeedbackForm(StyledForm):
    content = forms.CharField(label=_("意见建议"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    page = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)


class AnswerForm(StyledForm):
    reply = forms.CharField(label=_("答复"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class ReportRequestForm(StyledForm):
    """The API's `POST reports/` on a page: the same field names, the same service."""

    kind = forms.ChoiceField(label=_("报表类型"), choices=ReportKind.choices)
    format = forms.ChoiceField(label=_("格式"), choices=ReportFormat.choices,
                               initial=ReportFormat.XLSX)
    program = forms.ModelChoiceField(label=_("项目"), queryset=Program.objects.none(),
                                     required=False, empty_label=_("全部项目"))
    batch = forms.ModelChoiceField(label=_("批次"), queryset=Batch.objects.none(),
                                   required=False, empty_label=_("全部批次"))
    period_start = forms.DateField(label=_("统计起始"), required=False,
                                   help_text=_("月度概况、纪实填报和补助结算不填时为上月"))
    period_end = forms.DateField(label=_("统计截止"), required=False)
    as_of = forms.DateField(label=_("数据截至"), required=False,
                            help_text=_("按当日已有记录统计，便于日后重新生成得到相同结果"))
    side = forms.ChoiceField(label=_("单位分布按"), required=False, choices=[
        ("", _("接收单位")), ("home", _("派出单位"))])
    group_by = forms.ChoiceField(label=_("分组"), required=False, choices=[
        ("", _("默认")), *[(k, v) for k, v in COMPLIANCE_GROUPS.items()]])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.visible_to(user).order_by("-start_date")
        self.fields["batch"].queryset = (Batch.objects.visible_to(user)
                                         .select_related("program").order_by("program", "number"))
        self.fields["batch"].label_from_instance = lambda b: f"{b.program.name} · {b}"

    def service_data(self):
        data = dict(self.cleaned_data)
        data["parameters"] = {key: data.pop(key) for key in ("side", "group_by")
                              if data.get(key)}
        data.pop("side", None)
        data.pop("group_by", None)
        return data
