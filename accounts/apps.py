from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账户")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import remember_sign_in

        user_logged_in.connect(remember_sign_in, dispatch_uid="remember_sign_in")

        from django.db.models.signals import pre_save

        from .signals import end_tokens_on_password_change

        pre_save.connect(end_tokens_on_password_change, sender=self.get_model("User"),
                         dispatch_uid="end_tokens_on_password_change")

        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_out, user_login_failed

        from . import security

        user_logged_in.connect(security.on_sign_in, dispatch_uid="security_sign_in")
        user_logged_out.connect(security.on_sign_out, dispatch_uid="security_sign_out")
        user_login_failed.connect(security.on_sign_in_failed, dispatch_uid="security_failed")
        user_locked_out.connect(security.on_locked_out, dispatch_uid="security_locked_out")

        from core.signals import security_event, step_taken

        security_event.connect(security.on_kernel_event, dispatch_uid="security_kernel_event")

        from .standins import record_step

        step_taken.connect(record_step, dispatch_uid="accounts.stand_in_steps")
