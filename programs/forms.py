"""The programs app's page forms: the batch's steps."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.pages import StyledForm


class ConfirmStepForm(StyledForm):
    """A step with nothing to type: the page says what happens, the person confirms."""


class ReasonStepForm(StyledForm):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)
