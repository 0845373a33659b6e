from celery import shared_task
from django.utils import timezone

from .delivery import backends
from .models import Message


@shared_task(acks_late=True)
def deliver_messages(ids):
    """Hand each message to the configured hooks once; a hook's failure is noted on the
    message (the in-app message stands either way), not retried into a flood."""
    hooks = backends()
    for message in Message.objects.filter(pk__in=ids, delivered_at__isnull=True).select_related(
            "recipient__cadre"):
        notes = []
        for hook in hooks:
            try:
                notes.append(hook.send(message))
            except Exception as exc:  # noqa: BLE001 - one hook's failure is recorded, not raised
                notes.append(f"{type(hook).__name__}: {type(exc).__name__}")
        Message.objects.filter(pk=message.pk).update(
            delivered_at=timezone.now(), delivery_note="；".join(notes)[:300])
