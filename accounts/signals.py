"""A changed password ends the user's API token (sessions end by Django's own rule: their
hash includes the password's)."""
from rest_framework.authtoken.models import Token


def end_tokens_on_password_change(sender, instance, **kwargs):
    if not instance.pk:
        return
    before = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if before is not None and before != instance.password:
        Token.objects.filter(user_id=instance.pk).delete()
