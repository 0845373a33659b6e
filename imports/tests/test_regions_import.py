"""The regions import kind: the system's administrators add townships or a new county to the
national directory and correct names and flags, by code; nobody else may; bad cells are
named in Chinese; the same file twice changes nothing."""
import pytest

from core.exceptions import NotAllowed
from imports import services
from imports.models import ImportStatus
from programs.models import Region

from .conftest import upload


@pytest.fixture
def admin(make, world):
    from accounts.models import User

    return User.objects.create(username="root", is_superuser=True, is_staff=True)


def run(user, fill, rows):
    return services.start_import(user, "regions", upload(fill("regions", user, rows)))


def snapshot():
    return list(Region.objects.order_by("pk").values_list("code", "name", "parent",
                                                          "is_key_assistance"))


def test_townships_are_added_under_their_county_and_a_flag_corrected(admin, fill, world):
    rows = [{"区划代码": "330824100", "名称": "华埠镇", "层级": "乡镇级", "上级区划": "330824"},
            {"区划代码": "330824101", "名称": "马金镇", "层级": "乡镇级", "上级区划": "开化县"},
            {"区划代码": "330824", "名称": "开化县", "层级": "县级", "上级区划": "330800",
             "山区海岛县": "是", "重点帮扶": "是"}]
    job = run(admin, fill, rows)
    assert job.counts == {"new": 2, "updated": 1, "unchanged": 0, "bad": 0}, job.errors
    services.apply_import(admin, job)
    huabu = Region.objects.get(code="330824100")
    assert huabu.parent == world.county and huabu.path.startswith(world.county.path)
    assert " hbz" in huabu.pinyin_terms  # found by pinyin like every region
    assert Region.objects.get(code="330824").is_key_assistance is True
    again = run(admin, fill, rows)
    assert again.status == ImportStatus.UNCHANGED


def test_bad_cells_are_named_and_nothing_is_written(admin, fill):
    before = snapshot()
    job = run(admin, fill, [
        {"区划代码": "33082", "名称": "短码镇", "层级": "乡镇级", "上级区划": "330824"},
        {"区划代码": "330824102", "名称": "无上级镇", "层级": "乡镇级", "上级区划": "999999"},
    ])
    assert job.counts["bad"] == 2
    messages = " ".join(e["message"] for e in job.errors)
    assert "区划代码应为6位" in messages and "999999" in messages
    assert snapshot() == before


def test_only_the_systems_administrators_import_regions(fill, world):
    before = snapshot()
    for user in (world.staff, world.dispatching):
        with pytest.raises(NotAllowed):
            services.start_import(user, "regions", upload(b"PK\x03\x04"))
    assert snapshot() == before
