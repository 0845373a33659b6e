"""Templates and exports, with the same columns as the import: an export edited and imported
back changes exactly what was edited. Personal data is written as the reader may see it."""
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import files
from .fields import Boolean, Choice, Ref, RefList
from .kinds import KINDS
from .lookups import Lookups

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def template_file(kind_key, user) -> bytes:
    """The blank form of a kind: headers with their notes, one example row, and drop-downs
    (strict for choices, a help list of today's names for units and batches)."""
    kind = KINDS[kind_key]
    lookups = Lookups(user)
    columns = kind.columns
    options = {}
    for index, col in enumerate(columns):
        if isinstance(col, Choice | Boolean):
            options[index] = (col.options(lookups), True)
        elif isinstance(col, Ref) and not isinstance(col, RefList):
            values = col.options(lookups)
            if values:
                options[index] = (values, False)
    notes = {i: _("必填。") * col.required + str(col.help) for i, col in enumerate(columns)
             if col.required or col.help}
    return files.write_xlsx(
        [col.header for col in columns], [], title=_("%s导入") % kind.label,
        widths={i: col.width for i, col in enumerate(columns)}, options=options,
        example=[col.example for col in columns], notes=notes)


def export_rows(kind_key, user, queryset):
    kind = KINDS[kind_key](user, Lookups(user))
    qs = kind.export_queryset(queryset)
    for obj in qs.iterator(chunk_size=2000):
        yield kind.row_of(obj)


def export_file(kind_key, user, queryset, fmt) -> bytes:
    kind = KINDS[kind_key]
    columns = kind.all_columns()
    headers = [col.header for col in columns]
    rows = export_rows(kind_key, user, queryset[:settings.EXPORT_MAX_ROWS])
    if fmt == "csv":
        return files.write_csv([str(h) for h in headers], rows)
    return files.write_xlsx_stream(headers, rows, str(kind.label),
                                   widths={i: c.width for i, c in enumerate(columns)})


def export_list(view, queryset, fmt):
    """A list page's rows as a file (settings.LIST_EXPORTER): through its import kind's
    columns when it has one, so that the file imports back, else the page's table."""
    title = str(view.title)
    if view.export_kind:
        content = export_file(view.export_kind, view.request.user, queryset, fmt)
    else:
        objects = queryset[:settings.EXPORT_MAX_ROWS]
        if not view.prefetch_related:
            objects = objects.iterator(chunk_size=2000)
        content = table_file(view.columns, objects, title, fmt)
    return download(content, fmt, title)


def table_file(columns, objects, title, fmt) -> bytes:
    """A list page without an import of its own, written with the page's columns."""
    headers = [str(c.header) for c in columns]
    rows = ([_plain(c.value(obj)) for c in columns] for obj in objects)
    if fmt == "csv":
        return files.write_csv(headers, rows)
    return files.write_xlsx_stream(headers, rows, title)


def _plain(value):
    if value in (None, "—"):
        return ""
    if isinstance(value, int | float | str):
        return value
    return str(value)


def download(content: bytes, fmt, name):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(
        True, f"{name}-{stamp}.{fmt}")
    return response
