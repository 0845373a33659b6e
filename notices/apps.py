from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("通知与消息")

    def ready(self):
        from core.signals import step_taken

        from . import receivers

        step_taken.connect(receivers.on_step, dispatch_uid="notices.on_step")
