"""Lists read as plain rows (secondment.api.rows) answer exactly what the serializer writes
for the same object: each row of a list equals the object's own page (`GET …/<id>/`, which
serializes the model instance), in Chinese and in English."""
import datetime

import pytest
from django.core.files.base import ContentFile
from rest_framework import serializers

from cadres.models import Expertise
from placements.api.serializers import PlacementSerializer
from placements.models import Placement, WorkLog
from secondment.api.base import ChoiceDisplayMixin, ScopedMixin
from secondment.api.rows import row_plan
from secondment.api.urls import router

D = datetime.date
PLANNED = [prefix for prefix, viewset, _basename in router.registry
           if issubclass(viewset, ScopedMixin) and row_plan(viewset.serializer_class)]


def test_the_busy_lists_are_read_as_rows():
    assert {"placements", "work-logs", "orders", "nominations", "leaves", "achievements",
            "appraisals", "allowance-statements", "programs", "batches", "units"} <= set(PLANNED)
    # A mask needs the whole cadre.
    assert "cadres" not in PLANNED


@pytest.fixture
def varied(api, make):
    """Values of every kind a row carries: times with microseconds in two zones' days,
    nulls, a partner, a file and none."""
    w = api
    stamp = datetime.datetime(2026, 3, 1, 23, 30, 5, 123456, tzinfo=datetime.UTC)
    Placement.objects.filter(pk=w.placement.pk).update(
        host_confirmed_start_at=stamp, home_confirmed_start_at=stamp.replace(microsecond=0),
        partner=w.planned, insured_until=D(2027, 1, 1))
    log = WorkLog.objects.create(placement=w.placement, date=D(2026, 3, 3), content="走访农户",
                                 status="accepted", reviewed_at=stamp)
    log.attachment.save("走访.pdf", ContentFile(b"%PDF-1.7\n"))
    # Expertise in name order, which is not the order of their ids.
    w.order.expertise.add(Expertise.objects.create(name="水利"),
                          Expertise.objects.create(name="城建"))
    return w


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("prefix", PLANNED)
def test_each_row_is_what_the_object_page_says(varied, prefix, language):
    # An alert is for its unit's role: the host's.
    client = varied.client(varied.receiving if prefix == "alerts" else varied.staff)
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    rows = client.get(f"/api/v1/{prefix}/?page_size=200", **headers).json()["results"]
    assert rows, prefix
    for row in rows:
        detail = client.get(f"/api/v1/{prefix}/{row['id']}/", **headers)
        assert detail.status_code == 200
        assert row == detail.json(), prefix


def test_times_nulls_labels_and_files_as_written(varied):
    client = varied.client(varied.staff)
    placement = next(r for r in client.get("/api/v1/placements/").json()["results"]
                     if r["id"] == varied.placement.pk)
    # In the project's zone (Asia/Shanghai): 23:30 UTC is the next morning.
    assert placement["host_confirmed_start_at"] == "2026-03-02T07:30:05.123456+08:00"
    assert placement["home_confirmed_start_at"] == "2026-03-02T07:30:05+08:00"
    assert placement["actual_end_date"] is None and placement["partner"] == varied.planned.pk
    assert placement["status_display"] == "在岗" and placement["cadre_name"] == "张树旗"
    english = client.get("/api/v1/placements/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert {r["status_display"] for r in english} >= {"On post"}
    logs = {r["date"]: r for r in client.get("/api/v1/work-logs/").json()["results"]}
    assert logs["2026-03-03"]["attachment_url"].endswith(f"/{logs['2026-03-03']['id']}/attachment/")
    assert logs["2026-03-02"]["attachment_url"] is None
    order = client.get("/api/v1/orders/").json()["results"][0]
    assert order["expertise"] == list(varied.order.expertise.order_by("name")
                                      .values_list("pk", flat=True))
    assert len(order["expertise"]) == 2


def test_a_serializer_that_needs_the_instance_keeps_drfs_way():
    class WithMethod(ChoiceDisplayMixin):
        initials = serializers.SerializerMethodField()

        class Meta:
            model = Placement
            fields = ["id", "initials"]

        def get_initials(self, obj):
            return obj.cadre.name[:1]

    class OwnRepresentation(PlacementSerializer):
        def to_representation(self, instance):
            return {"id": instance.pk}

    class TwoKeysAway(ChoiceDisplayMixin):
        program = serializers.CharField(source="batch.program.name")

        class Meta:
            model = Placement
            fields = ["id", "program"]

    assert row_plan(WithMethod) is None
    assert row_plan(OwnRepresentation) is None
    assert row_plan(TwoKeysAway) is None
    assert row_plan(PlacementSerializer) is not None


def test_a_list_ordered_by_text_keeps_the_databases_order(varied, make):
    """Text is ordered by the database's collation, which Python's sort need not share: such a
    page is put in the order its ids were read in."""
    from programs.models import Unit

    for name in ("beta", "Alpha", "alpha", "开化县林业局", "Zeta"):
        make.unit(varied.county, name)
    client = varied.client(varied.staff)
    for ordering in ("name", "-name"):
        rows = client.get(f"/api/v1/units/?ordering={ordering}&page_size=200").json()["results"]
        expected = list(Unit.objects.visible_to(varied.staff).order_by(ordering)
                        .values_list("name", flat=True))
        assert [r["name"] for r in rows] == expected
