"""Logins the system creates itself, and the invitation that lets a person set a password."""
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .choices import Role
from .models import User


def cadre_username(cadre) -> str:
    # Not the phone or ID number: usernames are shown in lists to every operator.
    return f"gb{cadre.pk:06d}"


def ensure_cadre_login(cadre) -> User:
    """The cadre's login, created when their placement starts (the diary is theirs to
    write from then on). It has no password until the cadre follows the invitation."""
    if cadre.user_id:
        return cadre.user
    username = base = cadre_username(cadre)
    suffix = 1
    while User.objects.filter(username=username).exists():  # taken by hand before
        suffix += 1
        username = f"{base}-{suffix}"
    user = User(username=username, last_name=cadre.name, role=Role.CADRE,
                unit_id=cadre.employer_id)
    user.set_unusable_password()
    user.save()
    cadre.user = user
    cadre.save(update_fields=["user"])
    return user


def invitation_path(user) -> str | None:
    """A one-time link to set a password, for org staff to hand to a person whose login
    has none yet (it dies once a password is set, like Django's password-reset link)."""
    if user.has_usable_password():
        return None
    return reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
