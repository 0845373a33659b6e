from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data loader: the top of the app stack, so it may import every app."""

    name = "demo"
    verbose_name = _("演示数据")
