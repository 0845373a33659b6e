from django.db import models
from django.utils.translation import gettext_lazy as _

from core.roles import Role

__all__ = ["Role", "SecurityEventKind"]


class SecurityEventKind(models.TextChoices):
    SIGN_IN = "sign_in", _("登录成功")
    SIGN_IN_FAILED = "sign_in_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("账户锁定")
    SIGN_OUT = "sign_out", _("退出登录")
    PERMISSION_DENIED = "permission_denied", _("越权访问被拒绝")
    EXPORT = "export", _("导出下载")
    UNMASKED_VIEW = "unmasked_view", _("查看未遮蔽的个人信息")
