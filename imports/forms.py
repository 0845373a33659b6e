from django import forms
from django.utils.translation import gettext_lazy as _

from core.pages import StyledForm

from .services import kinds_for


class UploadForm(StyledForm):
    kind = forms.ChoiceField(label=_("导入内容"))
    file = forms.FileField(label=_("文件（.xlsx 或 .csv）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds_for(user)]
