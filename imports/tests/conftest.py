import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from imports import exporting


def fill_template(kind, user, rows, keep_example=False):
    """The kind's template as a person fills it in: rows typed under the header (over the
    example row unless kept)."""
    workbook = load_workbook(io.BytesIO(exporting.template_file(kind, user)))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    if not keep_example:
        sheet.delete_rows(2)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="名单.xlsx"):
    return SimpleUploadedFile(name, content)


def read_xlsx(content):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    return rows[0], rows[1:]


@pytest.fixture
def fill():
    return fill_template
