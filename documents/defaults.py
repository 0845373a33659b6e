"""The shipped Word templates, built here so that they read as code and can be reviewed: a
department downloads one, edits it in Word (keeping the {{ placeholders }}) and uploads it.
Laid out after GB/T 9704: A4, margins 37/35/28/26 mm, the title in 2号 (22 pt) 小标宋, the
text in 3号 (16 pt) 仿宋 on a 28.95 pt line, tables in 4号/小4."""
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .choices import DocumentKind

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
SIGN = "（盖章）\n\n年    月    日"


def _font(run, name, size, bold=False):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    # Word reads the East Asian typeface from w:eastAsia, not from the run's name.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    return run


def _document(landscape=False):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = BODY_FONT, Pt(16)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    style.paragraph_format.line_spacing = Pt(28.95)
    style.paragraph_format.space_after = Pt(0)
    return doc


def _para(doc, text="", size=16, font=BODY_FONT, align=None, indent=False, bold=False):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)  # 首行缩进两字
    if text:
        _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _title(doc, text):
    paragraph = _para(doc, text, 22, TITLE_FONT, WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.line_spacing = Pt(36)
    return paragraph


def _cell(cell, text, size=12, font=BODY_FONT, bold=False, align=None):
    cell.text = ""
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.line_spacing = Pt(size * 1.6)
        if align is not None:
            paragraph.alignment = align
        _font(paragraph.add_run(line), font, size, bold)


def _form(doc, rows, widths):
    """A registration form: label/value pairs, four columns a row, then full-width rows."""
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 2:  # a label and a value across the rest of the row
            merged = cells[1].merge(cells[3])
            _cell(cells[0], row[0], bold=True, font=HEI_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
            _cell(merged, row[1])
        else:
            for i, text in enumerate(row):
                _cell(cells[i], text, bold=i % 2 == 0, font=HEI_FONT if i % 2 == 0 else
                      BODY_FONT, align=WD_ALIGN_PARAGRAPH.CENTER if i % 2 == 0 else None)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Mm(width)
    return table


def introduction_letter():
    doc = _document()
    _title(doc, "介  绍  信")
    _para(doc, "{{ reference }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc)
    _para(doc, "{{ host_unit }}：")
    _para(doc, "兹介绍{{ cadre_name }}同志（{{ home_unit }}{{ position }}）前往你单位挂职"
               "{{ post }}，挂职期限{{ term }}。请予接洽，并在工作和生活上给予支持。",
          indent=True)
    _para(doc, "联系人：{{ contact_person }}    联系电话：{{ contact_phone }}", indent=True)
    _para(doc)
    _para(doc)
    _para(doc, "{{ issuer }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    return doc


def approval_form():
    doc = _document()
    _title(doc, "挂职干部审批表")
    _para(doc, "项目：{{ program }}    批次：{{ batch }}", size=12)
    _form(doc, [
        ("姓名", "{{ cadre_name }}", "性别", "{{ gender }}"),
        ("出生年月", "{{ birth }}", "民族", "{{ ethnicity }}"),
        ("籍贯", "{{ native_place }}", "政治面貌", "{{ political_status }}"),
        ("参加工作时间", "{{ work_start }}", "学历", "{{ education }}"),
        ("现工作单位及职务", "{{ home_unit }}{{ position }}"),
        ("职级", "{{ rank }}"),
        ("拟挂职单位及职务", "{{ host_unit }}{{ post_title }}"),
        ("挂职期限", "{{ term }}"),
        ("主要职责", "{{ duties }}"),
        ("派出单位意见", "\n\n" + SIGN),
        ("接收单位意见", "\n\n" + SIGN),
        ("组织部门意见", "\n\n" + SIGN),
    ], widths=(30, 48, 30, 48))
    return doc


def appraisal_form():
    doc = _document()
    _title(doc, "挂职干部考核登记表")
    _para(doc, "项目：{{ program }}    批次：{{ batch }}", size=12)
    _form(doc, [
        ("姓名", "{{ cadre_name }}", "性别", "{{ gender }}"),
        ("出生年月", "{{ birth }}", "政治面貌", "{{ political_status }}"),
        ("派出单位及职务", "{{ home_unit }}{{ position }}"),
        ("挂职单位及职务", "{{ host_unit }}{{ post_title }}"),
        ("挂职期限", "{{ term }}"),
        ("个人总结", "{{ review_cadre }}\n\n签名：\n年    月    日"),
        ("期满述职", "{{ report_of_duty }}"),
        ("个别谈话", "{{ talks }}"),
        ("主要履职成果", "{{ achievements }}"),
        ("年度考核", "{{ annual_grades }}"),
        ("民主测评", "{{ ballot }}"),
        ("检查发现", "{{ findings }}"),
        ("接收单位意见", "{{ review_host }}\n期满考核等次：{{ grade_host }}\n" + SIGN),
        ("派出单位意见", "{{ review_home }}\n期满考核等次：{{ grade_home }}\n" + SIGN),
        ("组织部门审核意见", "\n\n" + SIGN),
    ], widths=(34, 44, 30, 48))
    return doc


def allowance_sheet():
    doc = _document(landscape=True)
    _title(doc, "{{ program }}挂职干部生活补助发放表")
    _para(doc, "{{ month }}    共{{ count }}人    单位：元", size=12,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    headers = ["序号", "姓名", "派出单位", "接收单位", "在岗天数", "日标准", "金额", "领款人签字"]
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, font=HEI_FONT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    # docxtpl's row tags: the row between them repeats once per statement.
    _cell(table.rows[1].cells[0], "{%tr for r in rows %}")
    values = ["{{ r.no }}", "{{ r.name }}", "{{ r.home_unit }}", "{{ r.host_unit }}",
              "{{ r.days }}", "{{ r.rate }}", "{{ r.amount }}", ""]
    for cell, text in zip(table.rows[2].cells, values, strict=True):
        _cell(cell, text)
    _cell(table.rows[3].cells[0], "{%tr endfor %}")
    total = table.add_row().cells
    _cell(total[0].merge(total[5]), "合计（大写）：{{ total_in_words }}", bold=True)
    _cell(total[6], "{{ total }}", bold=True)
    for row in table.rows:
        for cell, width in zip(row.cells, (14, 24, 56, 56, 20, 20, 26, 30), strict=False):
            cell.width = Mm(width)
    _para(doc)
    _para(doc, "制表人：{{ prepared_by }}        审核人：{{ reviewed_by }}        "
               "负责人：            制表日期：{{ date }}", size=12)
    return doc


BUILDERS = {
    DocumentKind.INTRODUCTION_LETTER: introduction_letter,
    DocumentKind.APPROVAL_FORM: approval_form,
    DocumentKind.APPRAISAL_FORM: appraisal_form,
    DocumentKind.ALLOWANCE_SHEET: allowance_sheet,
}


def default_template(kind) -> bytes:
    buffer = io.BytesIO()
    BUILDERS[kind]().save(buffer)
    return buffer.getvalue()
