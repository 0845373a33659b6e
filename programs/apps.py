from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("项目与单位")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import Batch, Program
        from .querysets import programs_changed

        for model in (Program, Batch):
            post_save.connect(programs_changed, sender=model, dispatch_uid=f"ids-{model}")
            post_delete.connect(programs_changed, sender=model, dispatch_uid=f"ids-d-{model}")
        m2m_changed.connect(programs_changed, sender=Program.participants.through,
                            dispatch_uid="ids-participants")
