"""Free text people type: one rule for what counts as written (visible characters, not only
blanks, zero-width or filler marks) and for how long it may be. Used by the models (so
full_clean, the serializers and the forms check it) and by the services' `require_text`."""
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Characters that look like nothing although Unicode files them as letters or symbols.
BLANK_LOOKALIKES = {"\u3164", "\u115f", "\u1160", "\uffa0", "\u2800"}
NOTE = 2000  # reasons, comments, findings
LONG = 5000  # descriptions, a day's diary


# Characters that turn the direction of the text after them: a name holding U+202E shows
# "测试戊gpj.exe" as "测试戊exe.jpg". Nobody types them into names, titles or diaries.
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_visible(text: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LNPS" and ch not in BLANK_LOOKALIKES
               for ch in text or "")


def validate_visible(value):
    """Written text: something visible, and no control that turns its direction."""
    if not has_visible(value):
        raise ValidationError(_("须包含可见的文字"), code="invisible")
    if DIRECTION_CONTROLS & set(value or ""):
        raise ValidationError(_("不能含有改变文字方向的控制字符"), code="direction_control")


def text_field(verbose_name, max_length=NOTE, **kwargs):
    """A TextField people write: its length limit holds in the model's validation too (Django
    applies a TextField's max_length only in forms), and what is written must be visible
    text (an empty value of a blank field is not validated)."""
    validators = [MaxLengthValidator(max_length), *kwargs.pop("validators", [])]
    if validate_visible not in validators:
        validators.append(validate_visible)
    return models.TextField(verbose_name, max_length=max_length, validators=validators,
                            **kwargs)
