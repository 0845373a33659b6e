"""Units, demand orders, nominations and placements: each row through its service step."""
import datetime

import pytest

from imports import services
from imports.models import ImportStatus
from placements.models import Appraisal, DemandOrder, Nomination, Placement
from programs.models import Unit

from .conftest import upload

D = datetime.date
BATCH = "千名干部交流互派工程 第1批"


def run(world, fill, kind, rows, user=None, apply=True):
    user = user or world.staff
    job = services.start_import(user, kind, upload(fill(kind, user, rows)))
    assert job.status in (ImportStatus.VALIDATED, ImportStatus.UNCHANGED), job.message
    if apply and job.may_apply:
        job = services.apply_import(user, job)
        assert job.status == ImportStatus.APPLIED, job.message
    return job


def errors(job):
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def unit(name, level, region, parent=None):
    row = {"单位名称": name, "单位类别": "市县党政机关", "层级": level, "所在区划": region}
    return {**row, "上级单位": parent} if parent else row


def test_units_by_name_and_region_and_an_ambiguous_name(world, fill, make):
    make.unit(world.other_province, "财政厅")
    make.unit(world.province, "财政厅")
    job = run(world, fill, "units", [
        unit("开化县财政局", "县级", "开化县", "开化县人民政府"),
        unit("衢州市财政局", "市级", "330800", "财政厅"),
        unit("衢州市财政局", "市级", "浙江省衢州市", "财政厅（浙江省）"),
    ])
    assert errors(job) == [(3, "上级单位", "有2个名为“财政厅”的单位，请写成 名称（所在区划），"
                                          "如 财政厅（湖北省）")]
    assert Unit.objects.get(name="衢州市财政局").parent.region == world.province
    assert Unit.objects.get(name="开化县财政局").parent == world.host
    again = run(world, fill, "units", [unit("开化县财政局", "县级", "开化县", "开化县人民政府")],
                apply=False)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 1, "bad": 0}


def test_orders_drafted_or_published_and_rows_beyond_an_open_batch(world, fill, make):
    closed = make.batch(world.program, 2, status="closed")
    job = run(world, fill, "orders", [
        {"批次": BATCH, "接收单位": "开化县人民政府", "需求名称": "产业顾问",
         "拟挂任职务": "副县长", "需求人数": 2, "所需专业领域": "", "直接审核发布": "是"},
        {"批次": BATCH, "接收单位": "开化县农业农村局", "需求名称": "农技推广",
         "拟挂任职务": "副局长", "需求人数": "１"},
        {"批次": "千名干部交流互派工程 第2批", "接收单位": "开化县人民政府", "需求名称": "晚了",
         "拟挂任职务": "副县长", "需求人数": 1},
        {"批次": BATCH, "接收单位": "开化县人民政府", "需求名称": "零人", "拟挂任职务": "副县长",
         "需求人数": 0},
    ])
    assert closed.pk
    assert errors(job) == [(4, "", "该批次当前不接受需求订单（状态：已结束）"),
                           (5, "需求人数", "不能小于1")]
    published = DemandOrder.objects.get(title="产业顾问")
    assert published.status == "approved" and published.headcount == 2
    assert [e.to_status for e in published.events.order_by("id")] == [
        "draft", "submitted", "approved"]
    assert DemandOrder.objects.get(title="农技推广").status == "draft"


def test_nominations_through_the_service(world, fill, make):
    world.batch.status = "open"
    world.batch.save()
    other = make.cadre(world.other_sender, "李教授")
    job = run(world, fill, "nominations", [
        {"身份证号码": world.cadre.id_number, "姓名": world.cadre.name, "批次": BATCH},
        {"身份证号码": other.id_number, "姓名": "王教授", "批次": BATCH},
        {"身份证号码": "11010519491231002X", "批次": BATCH},
    ])
    assert errors(job) == [
        (3, "姓名", "姓名“王教授”与该身份证号码登记的干部“李教授”不一致"),
        (4, "身份证号码", "未找到身份证号码为11010519491231002X的干部（或无权查看），请先导入干部"),
    ]
    nomination = Nomination.objects.get(cadre=world.cadre)
    assert nomination.dispatching_unit == world.sender and nomination.nominated_by == world.staff
    world.cadre.refresh_from_db()
    assert world.cadre.status == "nominated"


def placement_row(cadre, **extra):
    return {"身份证号码": cadre.id_number, "姓名": cadre.name, "批次": BATCH,
            "接收单位": "开化县人民政府", "挂任职务": "挂职副县长", "开始日期": "2024-03-01",
            "计划结束日期": "2025-02-28", **extra}


def test_placements_recorded_with_their_status_by_the_workflow_steps(world, fill, make):
    on_post, done, early = (make.cadre(world.sender) for _ in range(3))
    job = run(world, fill, "placements", [
        placement_row(on_post, 状态="在岗"),
        placement_row(done, 状态="期满返回", 实际结束日期="2025-02-28", 期满考核等次="优秀"),
        placement_row(early, 状态="提前结束", 实际结束日期="2024-09-30", 提前结束原因="工作需要"),
    ])
    assert job.applied_counts == {"new": 3, "updated": 0, "unchanged": 0, "bad": 0}
    states = {p.cadre_id: p for p in Placement.objects.filter(batch=world.batch)}
    assert states[on_post.pk].status == "on_post" and states[on_post.pk].direction == "down"
    assert states[done.pk].status == "completed"
    assert states[done.pk].actual_end_date == D(2025, 2, 28)
    assert Appraisal.objects.get(placement=states[done.pk]).grade == "excellent"
    assert states[early.pk].status == "ended_early"
    assert states[early.pk].end_reason == "工作需要"
    kinds = list(states[done.pk].events.order_by("id").values_list("kind", flat=True))
    assert kinds[0] == "created" and "started" in kinds and kinds[-1] == "completed"

    # The roster updated later: one more end, one post corrected, one status moving back.
    job = run(world, fill, "placements", [
        placement_row(on_post, 状态="提前结束", 实际结束日期="2024-12-31", 提前结束原因="调任"),
        placement_row(done, 状态="期满返回", 实际结束日期="2025-02-28", 期满考核等次="优秀",
                      挂任职务="挂职县长助理"),
        placement_row(early, 状态="在岗"),
    ])
    assert errors(job) == [(4, "", "挂职状态不能从“提前结束”改回“在岗”")]
    assert job.applied_counts == {"new": 0, "updated": 2, "unchanged": 0, "bad": 1}
    states = {p.cadre_id: p for p in Placement.objects.filter(batch=world.batch)}
    assert states[on_post.pk].status == "ended_early"
    assert states[done.pk].post_title == "挂职县长助理"


def test_placement_rules_of_the_services_hold_in_an_import(world, fill, make):
    cadre = make.cadre(world.sender)
    job = run(world, fill, "placements", [
        placement_row(cadre),
        placement_row(cadre, 批次=BATCH, 接收单位="开化县农业农村局"),
        placement_row(make.cadre(world.sender), 状态="期满返回", 实际结束日期="2025-02-28"),
        placement_row(make.cadre(world.sender), 接收单位="中共湖北省委组织部",
                      开始日期="2025-03-01", 计划结束日期="2024-01-01"),
    ])
    messages = errors(job)
    assert messages[0] == (3, "身份证号码", "与第2行重复（身份证号码、批次相同）")
    assert messages[1] == (4, "期满考核等次", "期满返回须填写接收单位的期满考核等次")
    assert messages[2][0] == 5 and "结束日期" in messages[2][2]
    assert Placement.objects.filter(batch=world.batch).count() == 1


@pytest.mark.parametrize("kind", ["units", "orders", "nominations", "placements"])
def test_only_org_staff_import_the_department_kinds(world, kind):
    from core.exceptions import NotAllowed

    for user in (world.dispatching, world.receiving, world.manager, world.cadre_user):
        with pytest.raises(NotAllowed):
            services.start_import(user, kind, upload(b"PK\x03\x04"))
