"""The optional hook that sends a message outside the app, behind `settings.MESSAGE_DELIVERY`
(a list of the classes below, by dotted path; empty: nothing leaves the app). Each `send`
answers a short note of what it did, kept on the message (`delivery_note`)."""
import json
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class EmailDelivery:
    """By Django's own e-mail (EMAIL_BACKEND and its settings) to the recipient's address."""

    def send(self, message) -> str:
        address = message.recipient.email
        if not address:
            return "email: 无邮箱"
        send_mail(message.title, f"{message.body}\n\n{absolute(message.url)}".strip(),
                  settings.DEFAULT_FROM_EMAIL, [address])
        return f"email: {address}"


class SmsGatewayDelivery:
    """A POST of {"phone", "text"} as JSON to the department's SMS gateway (SMS_GATEWAY_URL):
    the platforms in use (政务短信平台, a carrier's) each take such a call through an adapter
    of their own. To the phone on the recipient's cadre record."""

    def send(self, message) -> str:
        cadre = getattr(message.recipient, "cadre", None)
        phone = getattr(cadre, "phone", "")
        if not phone:
            return "sms: 无手机号"
        body = json.dumps({"phone": phone, "text": f"{message.title}。{message.body}"[:300]},
                          ensure_ascii=False).encode()
        request = urllib.request.Request(settings.SMS_GATEWAY_URL, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (a setting)
            return f"sms: {phone[:3]}****{phone[-4:]} {response.status}"


class RecordingDelivery:
    """Sends nothing; says what it would have sent (tests, a trial run)."""

    def send(self, message) -> str:
        return f"recorded: {message.recipient.username} {message.title}"


def backends():
    return [import_string(path)() for path in settings.MESSAGE_DELIVERY]


def absolute(url) -> str:
    base = getattr(settings, "SITE_URL", "")
    return f"{base}{url}" if url and base else url
