"""A report's sheet written as xlsx, csv or pdf.

Each writer streams the rows (the listings are generators over the database) and returns how
many it wrote. Text that a spreadsheet would take for a formula (=, +, -, @ first) is written
as text, never evaluated.
"""
import csv
import datetime
from copy import copy
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ServiceError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {"int": "#,##0", "money": "#,##0.00", "rate": "0.0%", "date": "yyyy-mm-dd"}
# A PDF is for reading and printing: past this many rows the file says where the rest is.
PDF_MAX_ROWS = 2000


class WriterUnavailable(ServiceError):
    status = 500
    default_code = "writer_unavailable"


def _number(value, kind):
    if value is None or value == "":
        return None
    if kind == "money":
        return Decimal(value)
    if kind == "rate":
        return float(value)
    return value


def write_xlsx(sheet, path):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    # Write-only: rows go to disk as they come, so 100,000 rows stay within a few MB of
    # memory.
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=sheet.title[:31])
    columns = sheet.columns
    for index, col in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = max(col.width, 6) + 2
    header_row = 3 + len(sheet.lines) - 1
    ws.freeze_panes = f"A{header_row + 1}"

    def cell(value, style=None, bold=False):
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str) and value.startswith(FORMULA_START):
            c.data_type = "s"
        if style:
            c.number_format = style
        if bold:
            c.font = Font(bold=True)
        return c

    title = WriteOnlyCell(ws, value=sheet.title)
    title.font = Font(bold=True, size=14)
    ws.append([title])
    for line in sheet.lines:
        ws.append([cell(line)])
    thin = Side(style="thin", color="999999")
    headers = []
    for col in columns:
        c = WriteOnlyCell(ws, value=str(col.header))
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDE7F3")
        c.border = Border(bottom=thin)
        c.alignment = Alignment(wrap_text=True, vertical="center")
        headers.append(c)
    ws.append(headers)

    styled = [(col.key, col.kind, NUMBER_FORMATS.get(col.kind)) for col in columns]
    # A styled cell per column, registered once; each data cell copies its style array
    # (setting number_format on 100,000 cells looks the style up each time: 3× slower).
    templates = {key: cell(None, style)._style for key, kind, style in styled if style}
    count = 0
    for row in sheet.rows:
        out = []
        for key, kind, style in styled:
            value = row.get(key)
            if style:
                c = WriteOnlyCell(ws, value=_number(value, kind))
                c._style = copy(templates[key])
                out.append(c)
            elif isinstance(value, str) and value.startswith(FORMULA_START):
                out.append(cell(value))
            else:
                out.append("" if value is None else str(value))
        ws.append(out)
        count += 1
    if sheet.totals:
        ws.append([cell(_number(sheet.totals.get(key), kind) if style
                        else sheet.totals.get(key), style, bold=True)
                   for key, kind, style in styled])
    for note in sheet.notes:
        ws.append([cell(note)])
    workbook.save(path)
    return count


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def write_csv(sheet, path):
    """UTF-8 with a byte-order mark, so Excel opens the Chinese correctly; the header, the
    rows and the totals row only (a CSV is for reading back by programs)."""
    keys = [col.key for col in sheet.columns]
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([str(col.header) for col in sheet.columns])
        for row in sheet.rows:
            writer.writerow([_csv_text(row.get(key)) for key in keys])
            count += 1
        if sheet.totals:
            writer.writerow([_csv_text(sheet.totals.get(key)) for key in keys])
    return count


def _shown(value, kind):
    if value is None or value == "":
        return "—" if kind != "text" else ""
    if kind == "rate":
        return f"{float(value) * 100:.1f}%"
    # Thousands grouped by commas, as in the xlsx's number formats and on financial forms.
    if kind == "money":
        return f"{Decimal(value):,.2f}"
    if kind == "int":
        return f"{value:,}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def write_pdf(sheet, path):
    """An A4 landscape document in Noto Sans CJK (Debian's fonts-noto-cjk), embedded."""
    try:
        import weasyprint
    except OSError as exc:  # the Pango library is missing on this machine
        raise WriterUnavailable(_("无法生成PDF：服务器缺少Pango字体排版库（%s）") % exc) from exc
    kinds = [(col.key, col.kind) for col in sheet.columns]
    rows, count, truncated = [], 0, False
    for row in sheet.rows:
        count += 1
        if count <= PDF_MAX_ROWS:
            rows.append([(_shown(row.get(key), kind), kind != "text") for key, kind in kinds])
        else:
            truncated = True
    totals = ([(_shown(sheet.totals.get(key), kind), kind != "text") for key, kind in kinds]
              if sheet.totals else None)
    html = render_to_string("reports/pdf/report.html", {
        "sheet": sheet, "rows": rows, "totals": totals, "row_count": count,
        "truncated": truncated, "max_rows": PDF_MAX_ROWS,
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    })
    weasyprint.HTML(string=html).write_pdf(path)
    return count


WRITERS = {"xlsx": write_xlsx, "csv": write_csv, "pdf": write_pdf}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
