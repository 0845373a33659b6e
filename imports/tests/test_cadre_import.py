"""Cadres from a filled template: dry run, apply, re-import, edits, and each bad input."""
import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cadres.id_numbers import make_id_number
from cadres.models import Cadre
from core.exceptions import InvalidInput, NotAllowed
from imports import services
from imports.models import ImportJob, ImportStatus

from .conftest import upload

D = datetime.date


def person(n, employer="浙江省农业农村厅", **extra):
    number = make_id_number("330102", D(1980 + n % 20, 1 + n % 12, 1 + n % 28), 100 + n)
    return {"姓名": f"干部{n}", "身份证号码": number, "工作单位": employer, "职级": "县处级副职",
            **extra}


def imported(world, fill, rows, user=None, **kw):
    user = user or world.staff
    job = services.start_import(user, "cadres", upload(fill("cadres", user, rows, **kw)))
    assert job.status in (ImportStatus.VALIDATED, ImportStatus.UNCHANGED), job.message
    return job


def snapshot():
    return sorted(Cadre.objects.values_list("id_number", "name", "employer", "rank", "position",
                                            "phone"))


def test_dry_run_then_apply_then_the_same_file_changes_nothing(world, fill):
    rows = [person(1, 专业领域="农业、水利", 籍贯="衢州市", 亲属="李四/配偶/开化县人民政府"),
            person(2, 曾任职单位="浙江大学")]
    job = imported(world, fill, rows)
    assert job.counts == {"new": 2, "updated": 0, "unchanged": 0, "bad": 0}, job.errors
    assert not Cadre.objects.filter(name__startswith="干部").exists()
    services.apply_import(world.staff, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and job.applied_counts["new"] == 2
    first = Cadre.objects.get(name="干部1")
    assert first.gender == "male" and first.birth_date == D(1981, 2, 2)  # from the ID number
    assert sorted(first.expertise.values_list("name", flat=True)) == ["农业", "水利"]
    assert first.native_place == world.city
    assert [(r.name, r.relation, r.unit) for r in first.relations.all()] == [
        ("李四", "配偶", world.host)]
    assert list(Cadre.objects.get(name="干部2").former_units.all()) == [world.other_sender]
    # Each change is in the audit trail, as the importing user's.
    assert first.history.first().history_user == world.staff
    before = snapshot()
    again = imported(world, fill, rows)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 2, "bad": 0}
    assert again.status == ImportStatus.UNCHANGED and not again.may_apply
    assert snapshot() == before


@pytest.fixture
def expertise(db):
    from cadres.models import Expertise

    return [Expertise.objects.get_or_create(name=n)[0] for n in ("农业", "水利", "金融")]


@pytest.fixture(autouse=True)
def _vocabulary(expertise):
    return expertise


def test_the_template_example_row_left_in_place_is_skipped_and_said_so(world, fill):
    job = imported(world, fill, [person(3)], keep_example=True)
    assert job.counts["new"] == 1 and job.total_rows == 1
    assert job.skipped_rows == [2]  # counted and shown, never silent


def test_a_real_unit_is_never_taken_for_the_example(world, fill):
    """A Zhejiang department's units file whose first row is 浙江省农业农村厅 (the example it
    used to carry) imports all its rows."""
    from programs.models import Unit

    rows = [{"单位名称": "浙江省农业农村厅", "单位类别": "省直机关", "层级": "省级",
             "所在区划": "浙江省"}] + [
        {"单位名称": f"浙江省第{n}厅", "单位类别": "省直机关", "层级": "省级", "所在区划": "浙江省"}
        for n in range(1, 8)]
    job = services.start_import(world.staff, "units", upload(fill("units", world.staff, rows)))
    assert job.skipped_rows == []
    # 浙江省农业农村厅 is the world's already: unchanged; the seven others are new.
    assert (job.counts["new"], job.counts["unchanged"]) == (7, 1), job.errors
    assert Unit.objects.filter(name="浙江省农业农村厅").count() == 1


def test_an_edited_row_changes_exactly_that_field(world, fill):
    rows = [person(4), person(5)]
    services.apply_import(world.staff, imported(world, fill, rows))
    rows[1]["现任职务"] = "副处长"
    job = imported(world, fill, rows)
    assert job.counts == {"new": 0, "updated": 1, "unchanged": 1, "bad": 0}
    before = {c.name: c for c in Cadre.objects.filter(name__in=["干部4", "干部5"])}
    services.apply_import(world.staff, job)
    after = {c.name: c for c in Cadre.objects.filter(name__in=["干部4", "干部5"])}
    assert after["干部5"].position == "副处长"
    assert after["干部4"].updated_at == before["干部4"].updated_at
    assert after["干部5"].history.count() == 2


def bad(world, fill, rows, user=None):
    job = imported(world, fill, rows, user=user)
    assert job.counts["bad"] >= 1
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def test_each_bad_cell_is_named_by_row_column_and_a_chinese_message(world, fill):
    number = person(6)["身份证号码"]
    wrong_check = number[:17] + ("0" if number[17] != "0" else "1")
    errors = bad(world, fill, [
        person(6, 身份证号码=wrong_check),
        person(7, 工作单位="不存在的单位"),
        person(8, 出生日期="2023-02-30"),
        person(9, 性别="女"),
        person(10, 专业领域="炼金术"),
        person(11, 手机号码="12345"),
        person(12, 亲属="李四配偶"),
        {**person(13), "姓名": None},
    ])
    assert errors == [
        (2, "身份证号码", "身份证号码校验位不正确"),
        (3, "工作单位", "未找到单位“不存在的单位”，请先在单位名录中登记或导入该单位"),
        (4, "出生日期", "日期无效，应写作 2023-01-01"),
        (5, "性别", "性别与身份证号码不一致"),
        (6, "专业领域", "“炼金术”不是系统中的专业领域（请从模板“选项”表中选择，或请组织部先添加）"),
        (7, "手机号码", "手机号码应为以1开头的11位数字"),
        (8, "亲属", "“李四配偶”应写作 姓名/关系/工作单位，多人用；分隔"),
        (9, "姓名", "必填，不能为空"),
    ]
    assert not Cadre.objects.filter(name__startswith="干部").exists()


def test_full_width_digits_and_spaces_in_id_numbers_are_normalised(world, fill):
    number = person(14)["身份证号码"]
    wide = " ".join("".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number[i:i + 6])
                    for i in (0, 6, 12))
    services.apply_import(world.staff, imported(world, fill, [person(14, 身份证号码=wide)]))
    assert Cadre.objects.get(name="干部14").id_number == number


def test_traditional_and_simplified_names_are_kept_as_written(world, fill):
    services.apply_import(world.staff, imported(world, fill, [
        person(15, 姓名="張偉", 现任职务="處長"), person(16, 姓名="张伟")]))
    assert set(Cadre.objects.filter(name__in=["張偉", "张伟"]).values_list("name", "position")) \
        == {("張偉", "處長"), ("张伟", "")}


def test_duplicate_rows_in_the_file_and_numbers_held_elsewhere(world, fill, make):
    other = make.cadre(make.unit(world.other_province, "湖北省财政厅"), "外省干部")
    errors = bad(world, fill, [person(17), person(17, 姓名="重复"), person(
        18, 身份证号码=other.id_number)])
    assert errors == [
        (3, "身份证号码", "与第2行重复（身份证号码相同）"),
        (4, "身份证号码", "该身份证号码暂不能由本单位登记，请联系组织部核实"),
    ]


def test_a_dispatching_unit_imports_only_its_own_cadres(world, fill):
    errors = bad(world, fill, [person(19), person(20, 工作单位="浙江大学")],
                 user=world.dispatching)
    assert errors == [(3, "", "派出单位只能管理本单位干部")]
    with pytest.raises(NotAllowed):
        services.start_import(world.receiving, "cadres", upload(b"PK\x03\x04"))
    with pytest.raises(NotAllowed):
        services.start_import(world.dispatching, "units", upload(b"PK\x03\x04"))


def test_apply_writes_all_good_rows_or_nothing_when_the_data_moved(world, fill, make):
    job = imported(world, fill, [person(21), person(22)])
    # Between the dry run and the apply someone registers the second person.
    Cadre.objects.filter(pk=make.cadre(world.sender, "先登记的").pk).update(
        id_number=person(22)["身份证号码"])
    services.apply_import(world.staff, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.message == ("数据在预检后发生了变化（第3行的结果与预检不同），未写入任何数据；"
                           "请重新上传文件预检")
    assert not Cadre.objects.filter(name__in=["干部21", "干部22"]).exists()


def test_applying_twice_applies_once(world, fill):
    from core.exceptions import RuleBroken

    job = imported(world, fill, [person(23)])
    services.apply_import(world.staff, job)
    with pytest.raises(RuleBroken) as refused:
        services.apply_import(world.staff, job)
    assert refused.value.code == "already_applied"
    assert Cadre.objects.filter(name="干部23").count() == 1


# --- the file as a whole ----------------------------------------------------------------
def refused(world, content, name="名单.xlsx"):
    before = ImportJob.objects.count(), Cadre.objects.count()
    with pytest.raises(InvalidInput) as exc:
        services.start_import(world.staff, "cadres", SimpleUploadedFile(name, content))
    assert (ImportJob.objects.count(), Cadre.objects.count()) == before
    return exc.value.message


def workbook_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_files_that_cannot_be_imported_say_why_and_change_nothing(world, settings):
    assert refused(world, b"<html>not a workbook</html>") == (
        "文件不是有效的 Excel 工作簿（.xlsx），请用模板填写后再导入")
    assert refused(world, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧.xls") == (
        "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入")
    assert refused(world, b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024)) == (
        "文件过大（50.0 MB），一次最多导入10 MB；请分成几个文件导入")
    assert refused(world, b"name,id\n", "a.pdf") == "只能导入 .xlsx 或 .csv 文件"


def test_a_missing_column_or_a_formula_fails_the_whole_file(world):
    job = services.start_import(world.staff, "cadres", upload(b"PK\x03\x04broken zip"))
    assert job.status == ImportStatus.FAILED
    assert job.message == "无法读取文件内容，请确认是用模板填写的 .xlsx 或 CSV 文件"
    job = services.start_import(world.staff, "cadres", upload(workbook_bytes(
        [["姓名", "工作单位"], ["张三", "浙江省农业农村厅"]])))
    assert job.status == ImportStatus.FAILED
    assert job.message == "缺少必填列：身份证号码（请使用本系统的导入模板）"
    formula = workbook_bytes([["姓名", "身份证号码", "工作单位"],
                              ["张三", "=A1&\"1\"", "浙江省农业农村厅"]])
    job = services.start_import(world.staff, "cadres", upload(formula))
    assert job.message == "文件含有公式（B2），请复制后“选择性粘贴为数值”再导入"
    assert not Cadre.objects.filter(name="张三").exists()


def test_too_many_rows_is_refused(world, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = [["姓名", "身份证号码", "工作单位"]] + [[f"人{i}", "1", "x"] for i in range(3)]
    job = services.start_import(world.staff, "cadres", upload(workbook_bytes(rows)))
    assert job.message == "文件有3行数据，一次最多导入2行；请分成几个文件导入"


def test_csv_in_gbk_or_utf8_with_formula_text_kept_as_text(world):
    rows = [["姓名", "身份证号码", "工作单位", "现任职务"],
            [" 王五 ", person(24)["身份证号码"], "浙江省农业农村厅", "'=HYPERLINK(\"x\")"],
            ["赵六", person(25)["身份证号码"], "浙江省农业农村厅", "@处长"]]
    for encoding in ("gb18030", "utf-8-sig"):
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        job = services.start_import(world.staff, "cadres", upload(
            buffer.getvalue().encode(encoding), f"名单-{encoding}.csv"))
        assert job.status == ImportStatus.VALIDATED and job.counts["bad"] == 0, job.errors
    services.apply_import(world.staff, job)
    assert Cadre.objects.get(name="王五").position == '=HYPERLINK("x")'
    assert Cadre.objects.get(name="赵六").position == "@处长"


def test_a_file_in_either_language_imports_in_the_other(world, fill):
    from django.utils import translation

    from imports.exporting import template_file

    with translation.override("en"):
        english = template_file("cadres", world.staff)
    headers = read_headers(english)
    assert headers[:2] == ["Name", "ID number"]
    chinese = fill("cadres", world.staff, [person(60, 职级="县处级副职")])
    with translation.override("en"):
        job = services.start_import(world.staff, "cadres", upload(chinese))
        assert job.counts["new"] == 1, job.errors
    with translation.override("en"):
        row = {translation.gettext(k): v for k, v in person(61).items()}
        row[translation.gettext("职级")] = translation.gettext("县处级副职")
        assert row["Name"] == "干部61" and row[translation.gettext("职级")] != "县处级副职"
        english_rows = fill("cadres", world.staff, [row])
    job = services.start_import(world.staff, "cadres", upload(english_rows))
    assert job.counts.get("new") == 1, (job.message, job.errors)


def read_headers(content):
    from openpyxl import load_workbook

    return [c.value for c in load_workbook(io.BytesIO(content)).worksheets[0][1]]


def test_files_and_row_errors_are_deleted_after_the_keeping_period(world, fill):
    from datetime import timedelta
    from pathlib import Path

    from django.utils import timezone

    from imports.tasks import purge_import_files

    old = imported(world, fill, [person(70), person(71, 工作单位="无")])
    recent = imported(world, fill, [person(72)])
    path = Path(old.file.path)
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert purge_import_files() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not path.exists() and not old.file and old.errors == [] and old.bad_rows == []
    assert old.counts["bad"] == 1  # what was done stays on record
    assert recent.file and Path(recent.file.path).exists()


def test_registering_many_refuses_what_one_save_would(world):
    from cadres.services import register_cadres

    other = Cadre(name="外单位", gender="male", birth_date=D(1985, 1, 1),
                  id_number=person(80)["身份证号码"], employer=world.other_sender)
    with pytest.raises(NotAllowed):
        register_cadres(world.dispatching, [(other, [], [], [])])
    assert not Cadre.objects.filter(name="外单位").exists()


def test_a_database_refusal_during_apply_fails_the_import_and_writes_nothing(world, fill,
                                                                             monkeypatch):
    from django.db import IntegrityError

    import cadres.services

    job = imported(world, fill, [person(90), person(91)])

    def refuse(actor, entries):
        raise IntegrityError("violates foreign key constraint")
    monkeypatch.setattr(cadres.services, "register_cadres", refuse)
    services.apply_import(world.staff, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.message == "导入时发生系统错误，未写入任何数据；请稍后重试或联系管理员"
    assert not Cadre.objects.filter(name__in=["干部90", "干部91"]).exists()


def _rezip(content, replace):
    """The workbook with some of its parts' bytes replaced (as a crafted file would be)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            target.writestr(entry.filename, replace(entry.filename, data))
    return out.getvalue()


def test_an_xlsx_bomb_is_refused_before_it_is_opened(world, fill):
    # (Its time and memory for an 800 MB cell are measured by `make bench`: benchmarks/imports.)
    def bomb(name, data):
        if name == "xl/sharedStrings.xml" or name.startswith("xl/worksheets/sheet1"):
            return data + b"<!--" + b"a" * (30 * 1024 * 1024) + b"-->"
        return data

    content = _rezip(fill("cadres", world.staff, [person(1)]), bomb)
    assert len(content) < 1024 * 1024
    job = services.start_import(world.staff, "cadres", upload(content))
    assert job.status == ImportStatus.FAILED and "解压后过大" in job.message
    assert not Cadre.objects.filter(name="导入1").exists()


def test_a_sheet_that_says_it_has_too_many_rows_is_refused_before_its_rows_are_read(
        world, fill, settings):
    import re

    def claim(name, data):
        if name.startswith("xl/worksheets/sheet1"):
            return re.sub(rb'(<dimension ref="A1:[A-Z]+)\d+"', rb'\g<1>100001"', data)
        return data

    content = _rezip(fill("cadres", world.staff, [person(1)]), claim)
    job = services.start_import(world.staff, "cadres", upload(content))
    assert job.status == ImportStatus.FAILED and "一次最多导入" in job.message


def test_the_dry_run_says_every_error_of_a_row_at_once(world, fill, make):
    """A row with a bad cell is still checked against the file's other rows and the
    registration rules on its other cells, and a record's rules are said together: one round
    per file, not one per error."""
    other = make.cadre(make.unit(world.other_province, "湖北省财政厅"), "外省干部")
    errors = bad(world, fill, [
        person(31),
        person(31, 姓名="重复", 工作单位="不存在的单位"),
        person(32, 身份证号码=other.id_number, 手机号码="12345"),
    ])
    assert errors == [
        (3, "工作单位", "未找到单位“不存在的单位”，请先在单位名录中登记或导入该单位"),
        (3, "身份证号码", "与第2行重复（身份证号码相同）"),
        (4, "身份证号码", "该身份证号码暂不能由本单位登记，请联系组织部核实"),
        (4, "手机号码", "手机号码应为以1开头的11位数字"),
    ]
    # Checking a bad row writes nothing and queues nothing: only the good row is applied.
    job = imported(world, fill, [person(33), person(34, 手机号码="12345")])
    assert job.counts["new"] == 1 and job.counts["bad"] == 1
    services.apply_import(world.staff, job)
    assert set(Cadre.objects.filter(name__in=["干部33", "干部34"]).values_list(
        "name", flat=True)) == {"干部33"}
