"""A finished report's file as people get it, from the API and the pages alike: under the
name they save it as, with its export in the security log."""
from django.http import FileResponse

from .writers import CONTENT_TYPES


def download_name(report):
    """报表名-范围-日期.xlsx: what a person saves it as."""
    parts = [report.get_kind_display()]
    if report.batch_id:
        parts.append(str(report.batch))
    elif report.program_id:
        parts.append(report.program.name)
    if report.period_start and report.period_end:
        parts.append(f"{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}")
    elif report.as_of:
        parts.append(f"{report.as_of:%Y%m%d}")
    return "-".join(parts) + f".{report.format}"


def file_response(request, report):
    """The file of a report that `is_ready`, the download logged as an export."""
    from accounts.security import record

    record("export", getattr(request, "_request", request), report=report.pk,
           report_kind=report.kind, format=report.format, rows=report.row_count)
    return FileResponse(report.file.open("rb"), as_attachment=True,
                        filename=download_name(report), content_type=CONTENT_TYPES[report.format])
