"""make_bench_data at its small scale: the counts asked for, and data the rules would accept
(valid ID numbers, one placement per cadre, diary days on weekdays within the time on post,
orders filled by their placements, statuses that fit the dates)."""
import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from cadres.id_numbers import validate_id_number
from cadres.models import Cadre
from demo.benchdata import SCALES, TODAY
from placements.models import Achievement, DemandOrder, Placement, WorkLog

pytestmark = pytest.mark.postgres


def test_small_scale_bench_data(db, capsys):
    call_command("make_bench_data", scale="small")
    scale = SCALES["small"]
    assert Cadre.objects.count() == scale.cadres
    assert Placement.objects.count() == scale.placements
    assert abs(WorkLog.objects.count() - scale.work_logs) < scale.work_logs * 0.1
    assert abs(Achievement.objects.count() - scale.achievements) < scale.achievements * 0.2
    for number in Cadre.objects.values_list("id_number", flat=True)[:500]:
        validate_id_number(number)
    assert not Placement.objects.values("cadre").annotate(n=Count("id")).filter(n__gt=1)
    assert not WorkLog.objects.filter(date__week_day__in=(1, 7)).exists()
    assert not WorkLog.objects.filter(Q(date__lt=F("placement__start_date")) | Q(
        date__gt=TODAY)).exists()
    assert not WorkLog.objects.exclude(placement__status__in=(
        "on_post", "completed", "ended_early")).exists()
    for order in DemandOrder.objects.annotate(placed=Count("placements"))[:200]:
        assert order.filled_count == order.headcount == order.placed
    assert not Placement.objects.filter(status="on_post", planned_end_date__lt=TODAY).exists()
    assert not Placement.objects.filter(status="completed", actual_end_date__isnull=True).exists()
    assert Placement.objects.filter(status="on_post").exists()
    # Every department has people on post (they write today's diary).
    departments = Placement.objects.filter(status="on_post").values(
        "batch__program__organizer").distinct().count()
    assert departments == scale.provinces
    assert "bench_staff_" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--reset"):
        call_command("make_bench_data", scale="small")
