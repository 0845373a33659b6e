"""双向评价: at the end of a term each cadre rates the host's support (work arranged,
conditions, help; 1–5) anonymously, once; the department reads it per host unit only once at
least three cadres answered, never per person; a returnee may leave a named note for the next
cadre at the post."""
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, RuleBroken, predicate
from placements.choices import FINISHED_PLACEMENT_STATUSES
from placements.services.dates import last_month_from
from placements.services.permissions import placement_sides

from .models import HostRating, HostRatingReceipt, SuccessorNote

MIN_ANSWERS = 3
SCORES = ("work_arranged", "conditions", "help")


def check_rate_host(user, placement, today=None):
    if "cadre" not in placement_sides(user, placement):
        raise NotAllowed(_("双向评价由挂职干部本人填写"))
    today = today or timezone.localdate()
    if placement.status not in FINISHED_PLACEMENT_STATUSES and today < last_month_from(
            placement):
        raise RuleBroken(_("双向评价自挂职最后一个月起填写"), code="too_early")
    if HostRatingReceipt.objects.filter(placement=placement).exists():
        raise RuleBroken(_("您已评价过接收单位"), code="already_rated")


can_rate_host = predicate(check_rate_host)


def rate_host(placement, actor, comment="", note_for_successor="", **scores):
    errors = {name: [_("请打1至5分")] for name in SCORES
              if not isinstance(scores.get(name), int) or not 1 <= scores[name] <= 5}
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], fields=errors)
    try:
        with transaction.atomic():
            check_rate_host(actor, placement)
            # The receipt first: a second answer at once fails on its key, saving nothing.
            HostRatingReceipt.objects.create(placement=placement)
            rating = HostRating.objects.create(
                program=placement.batch.program, host_unit=placement.host_unit,
                comment=(comment or "").strip()[:500], **{k: scores[k] for k in SCORES})
            note = (note_for_successor or "").strip()
            if note:
                SuccessorNote.objects.update_or_create(placement=placement,
                                                       defaults={"text": note[:5000]})
            return rating
    except IntegrityError:
        raise RuleBroken(_("您已评价过接收单位"), code="already_rated") from None


def by_host_unit(programs) -> list[dict]:
    """Per host unit of the programs: the number of answers, and — from three answers — the
    mean of each score and the comments (in no order that follows the answers)."""
    rows = (HostRating.objects.filter(program__in=programs)
            .values("host_unit", "host_unit__name")
            .annotate(answers=Count("pk"), **{name: Avg(name) for name in SCORES})
            .order_by("host_unit__name"))
    rows = list(rows)
    shown = {row["host_unit"] for row in rows if row["answers"] >= MIN_ANSWERS}
    comments: dict = {}
    for unit, comment in (HostRating.objects.filter(program__in=programs, host_unit__in=shown)
                          .exclude(comment="").values_list("host_unit", "comment")):
        comments.setdefault(unit, []).append(comment)
    out = []
    for row in rows:
        visible = row["host_unit"] in shown
        item = {"host_unit": row["host_unit"], "name": row["host_unit__name"],
                "answers": row["answers"], "shown": visible}
        for name in SCORES:
            item[name] = round(row[name], 2) if visible else None
        item["comments"] = sorted(comments.get(row["host_unit"], []))
        out.append(item)
    return out


def notes_for(placement):
    """The notes earlier cadres at the same host post left for their successors."""
    return (SuccessorNote.objects.filter(placement__host_unit=placement.host_unit_id,
                                         placement__post_title=placement.post_title)
            .exclude(placement=placement).select_related("placement__cadre")
            .order_by("-placement__start_date"))


def placement_rated(placement) -> bool:
    return HostRatingReceipt.objects.filter(placement=placement).exists()

