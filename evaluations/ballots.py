"""民主测评 as steps: the department opens a ballot (items, rater groups with weights and
sheet counts, a window, a test mode) for a placement or a whole batch; raters vote once per
one-time sheet, with no account; after it closes, each cadre's own results — per item and
group, weighted — and the raw ballots, read-only. Never a ranking across cadres."""
import secrets
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import InvalidInput, NotAllowed, RuleBroken, ServiceError, predicate
from placements.choices import PlacementStatus
from placements.models import Placement
from placements.services.permissions import placement_sides
from programs.permissions import is_department_staff

from .choices import DEFAULT_ITEMS, GRADES, ItemKind
from .models import Ballot, BallotGroup, Sheet, Vote

GRADE_CODES = [code for code, _label in GRADES]
MAX_SHEETS = 200
# Whom a ballot rates: those on post, or whose term just ended (the end-of-term 测评).
RATED_STATUSES = (PlacementStatus.ON_POST, PlacementStatus.COMPLETED)


class SheetNotFound(ServiceError):
    """A token that is not a sheet (forged, mistyped): 404, with nothing said about others."""

    status = 404
    default_code = "not_found"


def _items(items) -> list[dict]:
    items = items or DEFAULT_ITEMS
    if not isinstance(items, list) or not items or len(items) > 30:
        raise InvalidInput(_("测评项目应为1至30项"), fields={"items": [_("测评项目应为1至30项")]})
    clean, keys = [], set()
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(_("第%d个测评项目格式不对") % i, fields={"items": [i]})
        key = str(item.get("key") or f"item{i}")[:30]
        label = str(item.get("label") or "").strip()[:50]
        kind = item.get("kind", ItemKind.GRADE)
        if not label or kind not in ItemKind.values or key in keys:
            message = _("第%d个测评项目须有名称、不重复，类型为等次或分数") % i
            raise InvalidInput(message, code="invalid_items", fields={"items": [message]})
        entry = {"key": key, "label": label, "kind": kind,
                 "required": bool(item.get("required", True))}
        if kind == ItemKind.SCORE:
            top = item.get("max", 100)
            if not isinstance(top, int) or not 1 <= top <= 100:
                message = _("第%d个测评项目的满分应为1至100") % i
                raise InvalidInput(message, code="invalid_items", fields={"items": [message]})
            entry["max"] = top
        keys.add(key)
        clean.append(entry)
    return clean


def _groups(groups) -> list[dict]:
    if not isinstance(groups, list) or not groups or len(groups) > 10:
        message = _("请设置1至10个评议群体")
        raise InvalidInput(message, fields={"groups": [message]})
    clean = []
    for i, group in enumerate(groups, start=1):
        name = str(group.get("name") or "").strip()[:50]
        weight, sheets = group.get("weight"), group.get("sheets")
        if not name or not isinstance(weight, int) or not 0 < weight <= 100 \
                or not isinstance(sheets, int) or not 0 < sheets <= MAX_SHEETS:
            message = _("第%(i)d个评议群体须有名称、权重（1—100）和每人发票数（1—%(max)d）") % {
                "i": i, "max": MAX_SHEETS}
            raise InvalidInput(message, code="invalid_groups", fields={"groups": [message]})
        clean.append({"name": name, "weight": weight, "sheets": sheets})
    total = sum(g["weight"] for g in clean)
    if total != 100:
        message = _("各评议群体的权重合计应为100（现为%d）") % total
        raise InvalidInput(message, code="weights_not_100", fields={"groups": [message]})
    return clean


def check_open_ballot(user, program, placement=None):
    """The department; for one placement, its host unit too where the program lets it."""
    if is_department_staff(user, program):
        return
    if placement is not None and program.host_opens_ballots \
            and "host" in placement_sides(user, placement):
        return
    raise NotAllowed(_("民主测评由组织部发起") if not program.host_opens_ballots
                     else _("民主测评由组织部或该干部的接收单位发起"))


can_open_ballot = predicate(check_open_ballot)


def open_ballot(actor, *, title, opens_at, closes_at, groups=None, placement=None, batch=None,
                items=None, test_mode=False, copy_from=None):
    """The ballot, its groups and every sheet: per rated placement, per group, its count.
    `copy_from`, an earlier ballot, is the template: its items and groups where none given."""
    if copy_from is not None:
        items = items or copy_from.items
        groups = groups or [{"name": g.name, "weight": g.weight, "sheets": g.sheets}
                            for g in copy_from.groups.all()]
    if (placement is None) == (batch is None):
        raise InvalidInput(_("请指定一个挂职或一个批次"), fields={"placement": [_("二选一")]})
    program = (placement.batch if placement else batch).program
    check_open_ballot(actor, program, placement)
    items, groups = _items(items), _groups(groups)
    if closes_at <= opens_at:
        message = _("截止时间须晚于开始时间")
        raise InvalidInput(message, fields={"closes_at": [message]})
    rated = ([placement] if placement else list(
        Placement.objects.filter(batch=batch, status__in=RATED_STATUSES).order_by("pk")))
    if not rated or rated[0].status not in RATED_STATUSES:
        raise RuleBroken(_("没有在岗或刚期满的挂职干部可测评"), code="nobody_to_rate")
    with transaction.atomic():
        ballot = Ballot.objects.create(
            program=program, batch=batch, placement=placement,
            title=(title or "").strip()[:100] or _("民主测评"), items=items,
            opens_at=opens_at, closes_at=closes_at, test_mode=test_mode, created_by=actor)
        made = [BallotGroup.objects.create(ballot=ballot, position=i, **group)
                for i, group in enumerate(groups)]
        Sheet.objects.bulk_create(
            [Sheet(ballot=ballot, placement=p, group=g, token=secrets.token_urlsafe(32))
             for p in rated for g in made for _n in range(g.sheets)], batch_size=5000)
        return ballot


def check_manage_ballot(user, ballot):
    """The department, and the host unit that opened a placement's ballot."""
    if is_department_staff(user, ballot.program):
        return
    if ballot.placement_id and ballot.created_by_id == user.pk \
            and "host" in placement_sides(user, ballot.placement):
        return
    raise NotAllowed(_("民主测评由组织部管理"))


can_manage_ballot = predicate(check_manage_ballot)


def close_ballot(ballot, actor):
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        check_manage_ballot(actor, ballot)
        if ballot.state == "closed":
            raise RuleBroken(_("测评已截止"), code="ballot_closed")
        ballot.closed_at = timezone.now()
        ballot.save(update_fields=["closed_at"])
        return ballot


def go_live(ballot, actor):
    """试投结束: the trial votes are removed and their sheets may be used again."""
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        check_manage_ballot(actor, ballot)
        if not ballot.test_mode:
            raise RuleBroken(_("测评不在试投模式"), code="not_test_mode")
        ballot.votes.filter(is_test=True).delete()
        ballot.sheets.filter(used=True).update(used=False)
        ballot.test_mode = False
        ballot.save(update_fields=["test_mode"])
        return ballot


def sheet_for(token):
    """The sheet of a token, with its ballot, placement and group; 404 for anything else."""
    sheet = (Sheet.objects.select_related("ballot", "group", "placement__cadre",
                                          "placement__host_unit")
             .filter(token=token).first()) if token else None
    if sheet is None:
        raise SheetNotFound(_("测评票无效"))
    return sheet


def check_can_vote(sheet):
    state = sheet.ballot.state
    if state == "scheduled":
        raise RuleBroken(_("测评尚未开始（%s开始）")
                         % timezone.localtime(sheet.ballot.opens_at).strftime("%Y-%m-%d %H:%M"),
                         code="ballot_not_open")
    if state == "closed":
        raise RuleBroken(_("测评已截止"), code="ballot_closed")
    if sheet.used:
        raise RuleBroken(_("此票已投，每张测评票只能投一次"), code="already_voted")


def _answers(items, answers) -> dict:
    if not isinstance(answers, dict):
        raise InvalidInput(_("请填写测评票"))
    clean, errors = {}, {}
    for item in items:
        value = answers.get(item["key"])
        if value in (None, ""):
            if item["required"]:
                errors[item["key"]] = [_("请选择“%s”的评价") % item["label"]]
            continue
        if item["kind"] == ItemKind.GRADE:
            if value not in GRADE_CODES:
                errors[item["key"]] = [_("“%s”的评价不在选项中") % item["label"]]
                continue
            clean[item["key"]] = value
        else:
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = -1
            if not 0 <= number <= item["max"]:
                errors[item["key"]] = [_("“%(item)s”的分数应为0至%(max)d")
                                       % {"item": item["label"], "max": item["max"]}]
                continue
            clean[item["key"]] = number
    unknown = set(answers) - {item["key"] for item in items}
    if unknown:
        errors["items"] = [_("测评票没有这些项目")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], code="invalid_answers",
                           fields=errors)
    return clean


def cast_vote(token, answers):
    """One vote per sheet, whoever holds it: the sheet is locked, checked and spent, and the
    vote kept without it, in one transaction (a second use of the token waits, then is
    refused)."""
    with transaction.atomic():
        sheet = sheet_for(token)
        sheet = Sheet.objects.select_for_update().select_related("ballot").get(pk=sheet.pk)
        check_can_vote(sheet)
        clean = _answers(sheet.ballot.items, answers)
        Sheet.objects.filter(pk=sheet.pk).update(used=True)
        Vote.objects.create(ballot_id=sheet.ballot_id, placement_id=sheet.placement_id,
                            group_id=sheet.group_id, answers=clean,
                            is_test=sheet.ballot.test_mode)
        return sheet.ballot


def check_read_results(user, ballot, placement):
    """The department and the placement's host and home units, after the ballot closed; one
    cadre's results at a time."""
    leader = user.role == Role.MANAGER and Placement.objects.visible_to(user).filter(
        pk=placement.pk).exists()
    if not (placement_sides(user, placement) & {"department", "host", "home"} or leader):
        raise NotAllowed(_("测评结果由组织部和挂职双方单位查阅"))
    if not ballot.sheets.filter(placement=placement).exists():
        raise SheetNotFound(_("该挂职不在此次测评中"))
    if ballot.state != "closed":
        raise RuleBroken(_("测评截止后才能查看结果"), code="ballot_open")


def results(ballot, placement) -> dict:
    """Per group: sheets, votes, turnout and each item's grades (counts and shares) or mean
    score; per item, the weighted figures over the groups that voted."""
    groups = list(ballot.groups.all())
    issued = Counter(ballot.sheets.filter(placement=placement).values_list("group", flat=True))
    votes = list(ballot.votes.filter(placement=placement, is_test=False)
                 .values_list("group", "answers"))
    by_group = {g.pk: [answers for group, answers in votes if group == g.pk] for g in groups}
    group_rows, items = [], []
    for g in groups:
        cast = by_group[g.pk]
        group_rows.append({"group": g.name, "weight": g.weight, "sheets": issued[g.pk],
                           "votes": len(cast),
                           "turnout": round(len(cast) / issued[g.pk], 4) if issued[g.pk]
                           else None})
    for item in ballot.items:
        row = {"key": item["key"], "label": item["label"], "kind": item["kind"], "groups": []}
        weighted, weights = Counter(), 0
        mean_sum = 0.0
        for g in groups:
            values = [a[item["key"]] for a in by_group[g.pk] if item["key"] in a]
            if item["kind"] == ItemKind.GRADE:
                counts = Counter(values)
                shares = {code: round(counts[code] / len(values), 4) if values else None
                          for code in GRADE_CODES}
                row["groups"].append({"group": g.name, "answers": len(values),
                                      "counts": {c: counts[c] for c in GRADE_CODES},
                                      "shares": shares})
                if values:
                    weights += g.weight
                    for code in GRADE_CODES:
                        weighted[code] += g.weight * counts[code] / len(values)
            else:
                mean = round(sum(values) / len(values), 2) if values else None
                row["groups"].append({"group": g.name, "answers": len(values), "mean": mean})
                if values:
                    weights += g.weight
                    mean_sum += g.weight * sum(values) / len(values)
        if item["kind"] == ItemKind.GRADE:
            row["weighted"] = {code: round(weighted[code] / weights, 4) if weights else None
                               for code in GRADE_CODES}
        else:
            row["weighted_mean"] = round(mean_sum / weights, 2) if weights else None
        items.append(row)
    return {"ballot": ballot.pk, "placement": placement.pk, "cadre": placement.cadre.name,
            "groups": group_rows, "items": items,
            "votes": sum(r["votes"] for r in group_rows),
            "sheets": sum(r["sheets"] for r in group_rows)}


def turnout(ballot) -> dict:
    """Sheets issued and cast (counts only), for the department to follow the vote."""
    issued = ballot.sheets.count()
    cast = ballot.sheets.filter(used=True).count()
    return {"sheets": issued, "cast": cast,
            "turnout": round(cast / issued, 4) if issued else None}


# A 民主测评's suggestion of a grade, from the weighted shares of its overall item (or of all
# its graded items together): 不称职 where a third or more say so; 优秀 where two thirds or
# more say 优秀; 称职 where 优秀 and 称职 together reach two thirds; 基本称职 otherwise. It is
# a suggestion beside the 述职 and the talks: host and home set the grade themselves.
TWO_THIRDS, ONE_THIRD = 2 / 3, 1 / 3


def suggested_grade(ballot, placement):
    """(grade code, weighted shares) of the placement in a closed ballot, or None."""
    if ballot.state != "closed":
        return None
    figures = results(ballot, placement)
    graded = [i for i in figures["items"] if i["kind"] == ItemKind.GRADE
              and all(v is not None for v in i["weighted"].values())]
    overall = [i for i in graded if i["key"] == "overall"] or graded
    if not overall:
        return None
    shares = {code: sum(i["weighted"][code] for i in overall) / len(overall)
              for code in GRADE_CODES}
    if shares["incompetent"] >= ONE_THIRD:
        grade = "incompetent"
    elif shares["excellent"] >= TWO_THIRDS:
        grade = "excellent"
    elif shares["excellent"] + shares["competent"] >= TWO_THIRDS:
        grade = "competent"
    else:
        grade = "basically_competent"
    return grade, shares


def latest_suggestion(placement):
    """The suggestion of the placement's latest closed ballot, as a line of text, or ""."""
    labels = dict(GRADES)
    for ballot in Ballot.objects.filter(sheets__placement=placement).distinct().order_by(
            "-closes_at"):
        found = suggested_grade(ballot, placement)
        if found:
            grade, shares = found
            spread = "、".join(f"{labels[c]}{shares[c]:.0%}" for c in GRADE_CODES if shares[c])
            return _("%(title)s（%(date)s）：%(spread)s；建议等次：%(grade)s") % {
                "title": ballot.title, "date": timezone.localtime(ballot.ends_at()).date(),
                "spread": spread, "grade": labels[grade]}
    return ""
