"""The reports app's steps: feedback given and answered."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from secondment.exceptions import InvalidInput, NotAllowed, RuleBroken

from .models import Feedback

MAX_FEEDBACK = 2000


def _text(value, field, message):
    text = (value or "").strip()
    if not any(ch.isalnum() for ch in text):  # blanks or invisible marks only
        raise InvalidInput(message, fields={field: [message]})
    if len(text) > MAX_FEEDBACK:
        too_long = _("不能超过%d字") % MAX_FEEDBACK
        raise InvalidInput(too_long, fields={field: [too_long]})
    return text


def give_feedback(author, content, page=""):
    return Feedback.objects.create(author=author, page=(page or "")[:300],
                                   content=_text(content, "content", _("请填写意见建议")))


def answer_feedback(feedback, actor, reply):
    if not actor.is_superuser and actor.role != Role.ORG_STAFF:
        raise NotAllowed()
    reply = _text(reply, "reply", _("请填写答复内容"))
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
        if feedback.handled_at:
            raise RuleBroken(_("该意见建议已答复"), code="feedback_answered")
        feedback.reply, feedback.handled_by, feedback.handled_at = reply, actor, timezone.now()
        feedback.save(update_fields=["reply", "handled_by", "handled_at"])
        return feedback
