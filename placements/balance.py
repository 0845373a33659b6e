"""The batch's balance (组织部 only, never a ranking of people): how many women, ethnic
minorities, cadres outside the Party, 后备干部 and which ages are among the nominees, the open
proposals and the placements, beside the program's stated aims (Program.balance_aims); and how
many were placed in which of their choices. One aggregate statement per group."""
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.choices import Ethnicity, Gender, PoliticalStatus

from .choices import ProposalStatus
from .models import MatchProposal, Nomination, Placement

MEASURES = {  # key: (label, the condition on a cadre)
    "women": (_("女性"), Q(gender=Gender.FEMALE)),
    "minorities": (_("少数民族"), ~Q(ethnicity="") & ~Q(ethnicity=Ethnicity.HAN)),
    "non_party": (_("党外"), ~Q(political_status__in=(
        PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY))),
    "reserve": (_("后备干部"), Q(is_reserve=True)),
}
AGE_BANDS = ((_("35岁以下"), 0, 35), (_("35–44岁"), 35, 45), (_("45–54岁"), 45, 55),
             (_("55岁及以上"), 55, 200))


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _group(queryset, path, on):
    """Every count of one group in one statement; the measures are conditions on a cadre,
    read here through `path` (the group's way to its cadre)."""
    prefix = f"{path}__"
    terms = {"total": Count("pk")}
    for key, (_label, condition) in MEASURES.items():
        terms[key] = Count("pk", filter=_prefixed(condition, prefix))
    for i, (_label, low, high) in enumerate(AGE_BANDS):
        born_after = _years_before(on, high)
        born_by = _years_before(on, low)
        terms[f"age{i}"] = Count("pk", filter=Q(**{f"{prefix}birth_date__gt": born_after,
                                                   f"{prefix}birth_date__lte": born_by}))
    return queryset.order_by().aggregate(**terms)


def _prefixed(condition, prefix):
    """A copy of the Q `condition` with each field behind `prefix` (a relation's path)."""
    copy = Q()
    copy.connector, copy.negated = condition.connector, condition.negated
    for child in condition.children:
        copy.children.append(_prefixed(child, prefix) if isinstance(child, Q)
                             else (f"{prefix}{child[0]}", child[1]))
    return copy


def batch_balance(batch) -> dict:
    on = batch.report_by or timezone.localdate()
    groups = {
        "nominees": (Nomination.objects.filter(batch=batch)
                     .exclude(status__in=("withdrawn",)), "cadre"),
        "proposals": (MatchProposal.objects.filter(batch=batch, status=ProposalStatus.PROPOSED),
                      "nomination__cadre"),
        "placements": (Placement.objects.filter(batch=batch), "cadre"),
    }
    aims = batch.program.balance_aims or {}
    result = {"as_of": on, "measures": [], "age_bands": [], "groups": {}}
    for name, (queryset, path) in groups.items():
        counts = _group(queryset, path, on)
        total = counts["total"]
        result["groups"][name] = {"total": total}
        for key in MEASURES:
            result["groups"][name][key] = _share(counts[key], total)
        result["groups"][name]["ages"] = [_share(counts[f"age{i}"], total)
                                          for i in range(len(AGE_BANDS))]
    for key, (label, _condition) in MEASURES.items():
        aim = aims.get(key)
        placed = result["groups"]["placements"][key]["share"]
        result["measures"].append({
            "key": key, "label": str(label), "aim": aim,
            **{name: result["groups"][name][key] for name in groups},
            "cells": [result["groups"][name][key] for name in groups],
            "met": None if aim is None or not result["groups"]["placements"]["total"]
            else placed * 100 >= aim})
    result["age_bands"] = [str(label) for label, _low, _high in AGE_BANDS]
    result["wishes"] = first_choices(batch)
    return result


def _share(count, total):
    return {"count": count, "share": round(count / total, 4) if total else 0.0}


def first_choices(batch) -> dict:
    """Of the batch's placements whose nominee stated choices: how many got which choice."""
    rows = (Placement.objects.filter(batch=batch, nomination__isnull=False)
            .values_list("order_id", "nomination__choices"))
    counts = {"with_choices": 0, "first": 0, "second": 0, "third": 0, "other": 0}
    for order_id, choices in rows:
        if not choices:
            continue
        counts["with_choices"] += 1
        rank = choices.index(order_id) if order_id in choices else None
        counts[("first", "second", "third")[rank] if rank is not None else "other"] += 1
    with_choices = counts["with_choices"]
    counts["first_rate"] = round(counts["first"] / with_choices, 4) if with_choices else None
    return counts

