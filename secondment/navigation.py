"""The console's menu by role: each role sees the pages of its daily work, nothing else."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.counting import counts
from core.roles import acts_as
from reports import todo

ALL = tuple(Role.values)
MENU = [
    # (label, url name, roles)
    (_("首页"), "home", ALL),
    (_("我的挂职"), "placements:my", (Role.CADRE,)),
    (_("项目"), "programs:program_list", (Role.ORG_STAFF, Role.MANAGER)),
    (_("需求订单"), "placements:order_list", (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING)),
    (_("推荐人选"), "placements:nomination_list", (Role.ORG_STAFF, Role.DISPATCHING)),
    (_("挂职"), "placements:placement_list",
     (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)),
    (_("干部"), "cadres:cadre_list",
     (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)),
    (_("单位"), "programs:unit_list", (Role.ORG_STAFF, Role.MANAGER)),
    (_("报表"), "dashboards:report_list", (Role.ORG_STAFF, Role.MANAGER)),
    (_("文书模板"), "documents:templates", (Role.ORG_STAFF,)),
    (_("导入"), "imports:list", (Role.ORG_STAFF, Role.DISPATCHING)),
    (_("通知公告"), "notices:notice_list",
     (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)),
    (_("提醒"), "dashboards:alert_list", ALL),
    (_("消息"), "notices:message_list", ALL),
    (_("代理人"), "stand_ins", (Role.RECEIVING, Role.DISPATCHING, Role.UNIT_OPERATOR)),
    (_("帮助"), "help_index", ALL),
    (_("安全事件"), "security_events", (Role.ORG_STAFF,)),
]


def menu(request):
    """Template context: the menu items of the signed-in user, the current one marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    shown = [(label, name) for label, name, roles in MENU
             if user.is_superuser or acts_as(user, *roles)]
    # The badges of the items shown, counted together in one statement (core.counting).
    badges = counts({name: BADGES[name](user) for _label, name in shown if name in BADGES})
    items = []
    for label, name in shown:
        url = reverse(name)
        active = (request.path == url if url == "/" else request.path.startswith(url))
        items.append({"label": label, "url": url, "active": active,
                      "badge": badges.get(name, 0)})
    return {"menu": items}


# The menu's badges count the to-do panel's own querysets (reports.todo).
BADGES = {"dashboards:alert_list": todo.alerts_open,
          "notices:message_list": todo.unread_messages,
          "notices:notice_list": todo.unread_notices}
