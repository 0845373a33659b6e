"""Model validation turned into the services' errors, so every entry point reports it alike."""
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput
from core.text import NOTE, has_visible


def full_clean_or_400(obj, exclude=None):
    """Model validation (constraints included) as a 400 with the fields' Chinese messages."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        first = next(iter(fields.values()), exc.messages)[0]
        raise InvalidInput(first, fields=fields) from None


def require_text(value, field, message, max_length=NOTE):
    """Written text: visible characters (not only blanks or invisible marks), within the
    field's length."""
    if not has_visible(value or ""):
        raise InvalidInput(message, fields={field: [message]})
    value = value.strip()
    if len(value) > max_length:
        too_long = _("不能超过%d字") % max_length
        raise InvalidInput(too_long, fields={field: [too_long]})
    return value


def require_within_post(placement, day: datetime.date, field="date", what=None):
    """`day` lies in the placement's time on post and is not in the future."""
    what = what or _("日期")
    end = min(placement.occupied_until, timezone.localdate())
    if not placement.start_date <= day <= end:
        message = _("%(what)s须在挂职期间（%(start)s至%(end)s）且不晚于今天") % {
            "what": what, "start": placement.start_date, "end": placement.occupied_until}
        raise InvalidInput(message, code="outside_placement", fields={field: [message]})


def not_in_future(day: datetime.date, field, what):
    """A confirmed fact (an end, an arrival, a return) cannot lie after today."""
    if day > timezone.localdate():
        message = _("%s不能晚于今天") % what
        raise InvalidInput(message, code="date_in_future", fields={field: [message]})
