"""Mainland resident ID numbers (GB 11643): 18 characters with an ISO 7064 check digit."""
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_PATTERN = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def birth_date_of(id_number: str) -> datetime.date | None:
    try:
        return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def gender_of(id_number: str) -> str:
    """'male' or 'female', from the parity of the sequence number (17th character)."""
    return "male" if int(id_number[16]) % 2 else "female"


def facts_of(id_number) -> dict:
    """What an 18-character number states of its holder: {"gender", "birth_date"} ({} when
    it states nothing readable). Blank gender and birth date are filled from it."""
    number = (id_number or "").strip().upper()
    if len(number) != 18 or not number[16].isdigit():
        return {}
    born = birth_date_of(number)
    return {"gender": gender_of(number), "birth_date": born} if born else {}


def make_id_number(region_code: str, birth: datetime.date, sequence: int) -> str:
    """Build a valid number; the sequence's parity carries the gender (odd = male)."""
    first17 = f"{region_code[:6]}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_digit(first17)


def validate_id_number(value: str) -> None:
    if len(value) != 18:
        raise ValidationError(_("身份证号码应为18位"), code="id_length")
    if not _PATTERN.match(value):
        raise ValidationError(
            _("身份证号码前17位应为数字，最后一位为数字或大写X"), code="id_format"
        )
    if birth_date_of(value) is None:
        raise ValidationError(_("身份证号码中的出生日期无效"), code="id_birth_date")
    if check_digit(value[:17]) != value[17]:
        raise ValidationError(_("身份证号码校验位不正确"), code="id_check_digit")
