"""Avoidance (回避) and pair scoring on real records: the one rule every lane that pairs a
cadre with a host unit checks — matching, self-matched nominations, staff overrides, direct
placement and replacement — through the engine's own `avoidance` and `score`."""
from django.utils.translation import gettext as _

from core.exceptions import RuleBroken

from .. import matching as engine


def candidate_for(cadre, nomination_id=0, fixed_order_id=None) -> engine.Candidate:
    """The engine's view of a cadre; reads employer, native place, former units and relations
    (prefetch them when building many)."""
    native = cadre.native_place
    return engine.Candidate(
        id=nomination_id,
        expertise=frozenset(e.name for e in cadre.expertise.all()),
        unit_kind=cadre.employer.kind, rank=cadre.rank, title=cadre.professional_title,
        employer_id=cadre.employer_id, employer_region_id=cadre.employer.region_id,
        # A native place coarser than a county (a province) would forbid too much.
        native_region_path=native.path if native and native.level in ("county", "township")
        else "",
        avoid_unit_ids=frozenset([u.pk for u in cadre.former_units.all()]
                                 + [r.unit_id for r in cadre.relations.all()]),
        fixed_order_id=fixed_order_id, name=cadre.name,
    )


def need_for_unit(unit, order=None) -> engine.Need:
    """The engine's view of a post at `unit` (an order's, when given)."""
    return engine.Need(
        id=order.pk if order else 0, receiving_unit_id=unit.pk, region_id=unit.region_id,
        region_path=unit.region.path,
        expertise=frozenset(e.name for e in order.expertise.all()) if order else frozenset(),
        preferred_kinds=frozenset(order.preferred_unit_kinds or []) if order else frozenset(),
        open_slots=1, min_rank=order.min_rank if order else "",
        max_rank=order.max_rank if order else "",
    )


def require_no_avoidance(cadre, host_unit):
    """Refuse (409) pairing a cadre with a unit the avoidance rules exclude."""
    rule = engine.avoidance(candidate_for(cadre), need_for_unit(host_unit))
    if rule:
        raise _avoidance_error(cadre, host_unit, rule)


def _avoidance_error(cadre, host_unit, rule):
    return RuleBroken(_("%(name)s 须回避%(unit)s（%(rule)s）")
                      % {"name": cadre.name, "unit": host_unit.name, "rule": rule},
                      code="avoidance")


def pair_score(cadre, order, nomination=None) -> tuple[float, list[str]]:
    """The score and reasons of (cadre, order), refusing a pair a hard rule forbids; with
    the nomination, its wishes and the unit's ranking count as in the matching."""
    candidate, need = candidate_for(cadre), need_for_unit(order.receiving_unit, order)
    if nomination is not None:
        candidate.id, candidate.choices = nomination.pk, tuple(nomination.choices or ())
        need.ranking = tuple(order.nominee_ranking or ())
    rule = engine.avoidance(candidate, need)
    if rule:
        raise _avoidance_error(cadre, order.receiving_unit, rule)
    result = engine.score(candidate, need)
    if result is None:
        raise RuleBroken(_("%(name)s 的职级不符合订单“%(order)s”的要求")
                         % {"name": cadre.name, "order": order.title}, code="rank_band")
    return result


def pair_verdict(cadre, order, nomination=None) -> str:
    """One line on the pair (cadre, order) for a person choosing it: its score and reasons,
    or the rule that forbids it."""
    try:
        points, reasons = pair_score(cadre, order, nomination)
    except RuleBroken as exc:
        return _("不可选：%s") % exc.message
    return _("得分 %(score).1f：%(why)s") % {"score": points, "why": "；".join(reasons) or "—"}
