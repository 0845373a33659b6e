"""The sides of the work a unit holds: host (接收: its orders, the placements it hosts) and
home (派出: its cadres, their nominations and placements).

Units, not accounts, decide the side. In 上挂下派 every bureau both sends and receives: an
account made as `receiving` for a district bureau must still follow the cadres its bureau
sent. So a unit's operator acts on the side their account was made for (`unit_operator`:
both) and on every side their unit holds in its records. Read by User.acting_roles, once a
request."""
from core.roles import Role

from .models import Unit

DECLARED = {
    Role.RECEIVING: {Role.RECEIVING},
    Role.DISPATCHING: {Role.DISPATCHING},
    Role.UNIT_OPERATOR: {Role.RECEIVING, Role.DISPATCHING},
}


# Through the unit's reverse relations, so that this app needs no import of the apps above.
HOST_RECORDS = ("orders", "hosted_placements")
HOME_RECORDS = ("cadres", "sent_placements")


def _holds(unit_id, relations) -> bool:
    return any(Unit.objects.filter(pk=unit_id, **{f"{relation}__isnull": False}).exists()
               for relation in relations)


def sides_held(unit_id, role) -> set:
    """The side roles (Role.RECEIVING for host, Role.DISPATCHING for home) an operator of
    `unit_id` whose account is `role` acts in."""
    sides = set(DECLARED.get(role, ()))
    if Role.RECEIVING not in sides and _holds(unit_id, HOST_RECORDS):
        sides.add(Role.RECEIVING)
    if Role.DISPATCHING not in sides and _holds(unit_id, HOME_RECORDS):
        sides.add(Role.DISPATCHING)
    return sides
