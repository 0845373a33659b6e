from django import forms
from django.utils.translation import gettext_lazy as _

from secondment.pages import StyledForm


class FeedbackForm(StyledForm):
    content = forms.CharField(label=_("意见建议"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    page = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)


class AnswerForm(StyledForm):
    reply = forms.CharField(label=_("答复"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))
