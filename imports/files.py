"""Spreadsheets in and out: reading an uploaded xlsx or csv into rows (tablib over openpyxl),
and writing rows as xlsx (with the template's drop-downs) or csv.

Every refusal of a file as a whole says what is wrong with it in Chinese, before any row is
read: not a workbook, too large, too many rows, a missing column, a formula.
"""
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput

from .fields import FORMULA_START

ERROR_HEADER = "错误说明"
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SEARCH_ROWS = 5


def max_bytes() -> int:
    return settings.IMPORT_MAX_MB * 1024 * 1024


def file_error(message):
    return InvalidInput(message, code="bad_file", fields={"file": [message]})


def check_upload(name: str, size: int, head: bytes) -> str:
    """The file's format ("xlsx" or "csv") from its name and first bytes, or a 400."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if size > max_bytes():
        raise file_error(_("文件过大（%(size).1f MB），一次最多导入%(max)d MB；请分成几个文件导入")
                         % {"size": size / 1024 / 1024, "max": settings.IMPORT_MAX_MB})
    if size == 0:
        raise file_error(_("文件是空的"))
    if extension == "xls" or head.startswith(OLE):
        raise file_error(_("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入"))
    if extension in ("xlsx", "xlsm"):
        if not head.startswith(ZIP):
            raise file_error(_("文件不是有效的 Excel 工作簿（.xlsx），请用模板填写后再导入"))
        return "xlsx"
    if extension in ("csv", "txt"):
        if head.startswith(ZIP) or b"\x00" in head:
            raise file_error(_("文件不是 CSV 文本文件，请另存为 .xlsx 或 CSV（逗号分隔）后再导入"))
        return "csv"
    raise file_error(_("只能导入 .xlsx 或 .csv 文件"))


@dataclass
class Table:
    headers: list
    rows: list  # (spreadsheet row number, list of cell values)
    ignored: list = field(default_factory=list)  # headers not among the kind's columns


def _decode(data: bytes) -> str:
    # Excel on Chinese Windows saves CSV in GBK; everything else in UTF-8 (perhaps with BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise file_error(_("无法识别 CSV 文件的编码，请另存为 UTF-8 或 .xlsx 后再导入"))


# An xlsx is a zip: what it holds unpacked is checked from its directory before it is
# opened. A workbook of 20,000 rows unpacks to some tens of MB at a ratio near 10; a "bomb"
# (780 KB holding an 800 MB cell) drove a worker to 1.8 GB.
MAX_UNPACKED_MB = 200
MAX_RATIO = 100
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


def check_xlsx_archive(data: bytes):
    """Refuse (400, in Chinese) a workbook that unpacks too large or too far, or whose sheet
    says it holds more rows than an import takes, before any of it is parsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # not a readable zip: the reading that follows says so
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024 or unpacked / packed > MAX_RATIO:
        raise file_error(_("文件解压后过大（约%(mb).0f MB），不像是正常填写的名单，已拒绝导入；"
                           "请确认文件内容后另存为新的 .xlsx 再导入")
                         % {"mb": unpacked / 1024 / 1024})
    sheets = [e for e in entries if e.filename.startswith("xl/worksheets/sheet")]
    if sheets:
        with archive.open(sheets[0]) as sheet:
            match = _DIMENSION.search(sheet.read(4096))
        if match and int(match.group(1)) > settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS:
            raise file_error(_("文件有约%(rows)d行，一次最多导入%(max)d行；请分成几个文件导入")
                             % {"rows": int(match.group(1)) - 1,
                                "max": settings.IMPORT_MAX_ROWS})


def _formula_cells(data: bytes, limit=5):
    """Cells holding a formula: their value is whatever the formula computed when the file was
    last saved (or nothing, if a program wrote it), never what the person sees checked."""
    from openpyxl import load_workbook

    found = []
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for row in workbook.active.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    found.append(f"{cell.column_letter}{cell.row}")
                    if len(found) >= limit:
                        return found
    finally:
        workbook.close()
    return found


def read_table(data: bytes, fmt: str, known_headers) -> Table:
    """The rows under the header row (searched in the first rows, so a title line above it is
    allowed), with their row numbers as the spreadsheet shows them."""
    dataset = tablib.Dataset()
    try:
        if fmt == "xlsx":
            check_xlsx_archive(data)
            formulas = _formula_cells(data)
            if formulas:
                raise file_error(_("文件含有公式（%s），请复制后“选择性粘贴为数值”再导入")
                                 % "、".join(formulas))
            dataset.load(io.BytesIO(data), format="xlsx", headers=False)
        else:
            dataset.load(_decode(data), format="csv", headers=False)
    except InvalidInput:
        raise
    except Exception:  # noqa: BLE001 - any failure to read is the same answer to the person
        raise file_error(_("无法读取文件内容，请确认是用模板填写的 .xlsx 或 CSV 文件")) from None
    known = {str(h) for h in known_headers}
    rows = [list(row) for row in dataset]
    header_at = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS])
                      if known & {str(c).strip() for c in row if c is not None}), None)
    if header_at is None:
        raise file_error(_("第一行应为列名（如模板所示），未找到任何可识别的列名"))
    headers = [str(c).strip() if c is not None else "" for c in rows[header_at]]
    seen = set()
    for header in headers:
        if header and header in seen:
            raise file_error(_("列名“%s”出现了两次") % header)
        seen.add(header)
    body = []
    for offset, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if any(c not in (None, "") and str(c).strip() for c in row):
            body.append((offset, row))
    if len(body) > settings.IMPORT_MAX_ROWS:
        raise file_error(_("文件有%(rows)d行数据，一次最多导入%(max)d行；请分成几个文件导入")
                         % {"rows": len(body), "max": settings.IMPORT_MAX_ROWS})
    ignored = [h for h in headers if h and h not in known and h != ERROR_HEADER]
    return Table(headers=headers, rows=body, ignored=ignored)


# --- writing ----------------------------------------------------------------------------
def _safe(value):
    """Text a spreadsheet would run as a formula is written with a leading apostrophe in csv
    (and as a text cell in xlsx); the import reads it back as written."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(headers, rows, title, widths=None, options=None, example=None,
               notes=None) -> bytes:
    """A sheet with a frozen, bold header row; text cells never evaluated. With `options`
    (column index → list of values, and whether it is strict) each such column gets a
    drop-down over its list, kept on a hidden sheet (an inline list is limited to 255
    characters)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    ws = workbook.active
    ws.title = title[:31]
    ws.append([str(h) for h in headers])
    for index, cell in enumerate(ws[1], start=1):
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        if notes and notes.get(index - 1):
            cell.comment = Comment(str(notes[index - 1]), "Secondment")
        ws.column_dimensions[get_column_letter(index)].width = (widths or {}).get(
            index - 1, 14) + 2
    ws.freeze_panes = "A2"
    if example:
        ws.append(list(example))
        for cell in ws[2]:
            cell.font = Font(italic=True, color="808080")
    for row in rows:
        ws.append([None if v is None else v for v in row])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"
    if options:
        lists = workbook.create_sheet("选项")
        lists.sheet_state = "hidden"
        for n, (index, (values, strict)) in enumerate(sorted(options.items()), start=1):
            letter = get_column_letter(n)
            lists.cell(row=1, column=n, value=str(headers[index]))
            for r, value in enumerate(values, start=2):
                lists.cell(row=r, column=n, value=value)
            last = max(len(values) + 1, 2)
            validation = DataValidation(
                type="list", formula1=f"=选项!${letter}$2:${letter}${last}",
                allow_blank=True, showErrorMessage=strict,
                errorTitle=_("输入有误"), error=_("请从下拉列表中选择"))
            column = get_column_letter(index + 1)
            validation.add(f"{column}2:{column}{max(settings.IMPORT_MAX_ROWS, 1000) + 1}")
            ws.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx_stream(headers, rows, title, widths=None) -> bytes:
    """An export of any length: write-only, so 50,000 rows stay within a few MB of memory."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=title[:31])
    for index in range(len(headers)):
        ws.column_dimensions[get_column_letter(index + 1)].width = (widths or {}).get(
            index, 14) + 2
    ws.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=str(header))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str) and value.startswith(FORMULA_START):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(value)
        ws.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
