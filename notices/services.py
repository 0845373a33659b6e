"""Notices and messages: publishing a notice (the department's step, with its predicate),
reading, and telling users of the events they wait for (notices.receivers)."""
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, predicate
from core.roles import Role
from programs.models import Unit
from programs.permissions import is_department_staff

from .models import Message, Notice, NoticeRead


def check_publish_notice(user, program):
    if not is_department_staff(user, program):
        raise NotAllowed(_("只有项目所属组织部的工作人员可以发布通知"))


can_publish_notice = predicate(check_publish_notice)


def can_publish_notices(user) -> bool:
    """Whether the user publishes notices at all (the list's button); each program is still
    checked by publish_notice."""
    return user.is_superuser or user.role == Role.ORG_STAFF


def publish_notice(actor, program, title, body, units=()):
    """通知公告 to the program's units: those chosen, or all of its participants."""
    check_publish_notice(actor, program)
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("请填写标题")]
    if not body:
        errors["body"] = [_("请填写正文")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)
    participants = set(program.participants.values_list("pk", flat=True))
    chosen = {getattr(u, "pk", u) for u in units}
    outside = sorted(chosen - participants)
    if outside:
        names = Unit.objects.filter(pk__in=outside).values_list("name", flat=True)
        message = _("以下单位不是本项目的参与单位：%s") % "、".join(names or map(str, outside))
        raise InvalidInput(message, code="unit_not_in_program", fields={"units": [message]})
    if not (chosen or participants):
        message = _("本项目还没有参与单位，通知无处可发")
        raise InvalidInput(message, code="no_participants", fields={"units": [message]})
    with transaction.atomic():
        notice = Notice.objects.create(program=program, title=title, body=body,
                                       published_by=actor)
        notice.units.set(chosen or participants)
    return notice


def read_notice(notice, user):
    """The unit's receipt, taken by the first of its operators to open the notice."""
    if not user.unit_id or not notice.units.filter(pk=user.unit_id).exists():
        return False
    created = NoticeRead.objects.bulk_create(
        [NoticeRead(notice=notice, unit_id=user.unit_id, reader=user)], ignore_conflicts=True)
    return bool(created)


def read_message(message, user):
    if message.recipient_id != user.pk:
        raise NotAllowed(_("这不是您的消息"))
    if message.read_at is None:
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(
            read_at=timezone.now())
    return message


def read_all(user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now())


def tell(users, kind, title, body="", url=""):
    """A private message to each of `users` (once each), within the step's transaction; the
    optional e-mail/SMS hook (settings.MESSAGE_DELIVERY) is queued once it commits."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    messages = Message.objects.bulk_create([
        Message(recipient_id=pk, kind=kind, title=title[:200], body=body, url=url)
        for pk in sorted(recipients)])
    if settings.MESSAGE_DELIVERY and messages:
        from .tasks import deliver_messages

        ids = [m.pk for m in messages]
        transaction.on_commit(lambda: deliver_messages.delay(ids))
    return messages
