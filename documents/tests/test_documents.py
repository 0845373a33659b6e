"""Official documents (issue 30, item 5; DESIGN Turn-3 `placements/{id}/documents/<kind>.<fmt>`,
`allowance-statements/sheet.<fmt>`, `document-templates/`): each document from the shipped
template and from a department's edited one, read back as text (python-docx, pdftotext); the
letter's number given once; masked for a masked reader; bad templates refused by code."""
import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from rest_framework.test import APIClient

from documents.defaults import default_template
from documents.models import DocumentTemplate, IssuedDocument, Letterhead
from placements import services
from placements.models import AllowanceStatement

D = datetime.date
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="needs poppler-utils (pdftotext)")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture
def placed(world, make):
    w = world
    Letterhead.objects.create(organizer=w.department, issuer="中共浙江省委组织部",
                              reference_prefix="浙组干介", contact_person="王明",
                              contact_phone="0571-87050000")
    w.cadre.position = "产业处副处长"
    w.cadre.ethnicity = "01"
    w.cadre.save()
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                                 start=D(2026, 1, 5), end=D(2027, 1, 4))
    services.draft_agreement(w.staff, w.placement, duties="协助分管农业农村和乡村振兴工作")
    return w


def get(user, path):
    return api(user).get(path)


def test_the_introduction_letter_in_word_and_pdf_keeps_its_number(placed, tmp_path):
    w = placed
    path = f"/api/v1/placements/{w.placement.pk}/documents/introduction_letter"
    word = get(w.staff, path + ".docx")
    assert word.status_code == 200, word.content[:300]
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    text = docx_text(word.content)
    for expected in ("介  绍  信", "浙组干介〔2026〕1号", "开化县人民政府：", "张树旗同志",
                     "浙江省农业农村厅产业处副处长", "前往你单位挂职副县长，",
                     "2026年1月5日至2027年1月4日",
                     "联系人：王明", "中共浙江省委组织部", "2026年11月18日"):
        assert expected in text, expected
    # Printed again (or as PDF), it keeps its number; the next placement gets the next.
    assert "浙组干介〔2026〕1号" in docx_text(get(w.staff, path + ".docx").content)
    if shutil.which("pdftotext"):
        pdf = get(w.staff, path + ".pdf")
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        assert "浙组干介〔2026〕1号" in pdf_text(pdf.content, tmp_path)
    assert IssuedDocument.objects.get().number == 1
    # The letter is the department's: a unit may not issue it, nothing is numbered.
    assert get(w.receiving, path + ".docx").status_code == 403
    assert IssuedDocument.objects.count() == 1


def test_the_forms_carry_the_persons_data_masked_for_a_masked_reader(placed, make):
    w = placed
    path = f"/api/v1/placements/{w.placement.pk}/documents/approval_form.docx"
    full = docx_text(get(w.staff, path).content)
    assert "1985年5月" in full and "汉族" in full and "协助分管农业农村" in full
    masked = docx_text(get(w.manager, path).content)
    assert "1985年" in masked and "1985年5月" not in masked and "汉族" not in masked
    host = get(w.receiving, path)
    assert host.status_code == 200
    assert get(w.cadre_user, path).status_code == 403
    assert get(w.other_staff, path).status_code == 404
    assert get(w.staff, path.replace("approval_form", "passport")).status_code == 400


@needs_pdftotext
def test_the_appraisal_form_carries_the_reviews_and_grades(placed, tmp_path):
    w = placed
    services.record_appraisal(w.staff, w.placement, "annual", "competent", side="host",
                              year=2026)
    services.record_appraisal(w.staff, w.placement, "end_of_term", "excellent", side="host",
                              year=2026)
    from placements.models import ReturnPlan

    ReturnPlan.objects.create(placement=w.placement, home_post="产业处副处长",
                              review_cadre="完成茶产业规划", review_host="工作扎实")
    path = f"/api/v1/placements/{w.placement.pk}/documents/appraisal_form"
    text = docx_text(get(w.dispatching, path + ".docx").content)
    assert "完成茶产业规划" in text and "期满考核等次：优秀" in text and "2026年" in text
    pdf = pdf_text(get(w.staff, path + ".pdf").content, tmp_path)
    assert "挂职干部考核登记表" in pdf.replace(" ", "") and "工作扎实" in pdf


@pytest.fixture
def settled(placed, make):
    w = placed
    other = make.placement(make.cadre(w.sender, "李四"), w.batch, w.other_host,
                           status="on_post", start=D(2026, 1, 5))
    for placement, days, amount in ((w.placement, 22, "1100.00"), (other, 20, "1000.50")):
        AllowanceStatement.objects.create(placement=placement, month="2026-10",
                                          days_on_post=days, daily_allowance=Decimal("50"),
                                          amount=Decimal(amount))
    return w


def test_the_allowance_sheet_sums_in_figures_and_words(settled, tmp_path):
    w = settled
    path = (f"/api/v1/allowance-statements/sheet.docx?program={w.program.pk}&month=2026-10"
            "&reviewed_by=赵六")
    response = get(w.staff, path)
    assert response.status_code == 200, response.content[:300]
    text = docx_text(response.content)
    for expected in ("生活补助发放表", "2026年10月", "张树旗", "李四", "1,100.00", "1,000.50",
                     "2,100.50", "贰仟壹佰元伍角", "审核人：赵六", "制表人：staff"):
        assert expected in text, expected
    if shutil.which("pdftotext"):
        pdf = pdf_text(get(w.staff, path.replace("sheet.docx", "sheet.pdf")).content, tmp_path)
        assert "贰仟壹佰元伍角" in pdf and "2,100.50" in pdf
    # Units do not print the department's sheet; a bad month is a 400.
    assert get(w.receiving, path).status_code == 403
    assert get(w.staff, path.replace("2026-10", "2026-13")).status_code == 400
    assert get(w.other_staff, path).status_code == 404


def edited(kind, replace=None, extra=""):
    """The shipped template as a department would edit it in Word."""
    doc = Document(io.BytesIO(default_template(kind)))
    for paragraph in doc.paragraphs:
        for old, new in (replace or {}).items():
            if old in paragraph.text:
                for run in paragraph.runs:
                    run.text = run.text.replace(old, new)
    if extra:
        doc.add_paragraph(extra)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def upload(user, kind, content, name="模板.docx"):
    return api(user).post("/api/v1/document-templates/", {
        "kind": kind, "file": SimpleUploadedFile(name, content)}, format="multipart")


def test_a_department_uploads_its_own_template_and_the_documents_follow_it(placed):
    w = placed
    content = edited("introduction_letter", {"请予接洽": "请予接洽为盼"},
                     extra="抄送：{{ home_unit }}")
    made = upload(w.staff, "introduction_letter", content)
    assert made.status_code == 201, made.json()
    assert "home_unit" in made.json()["placeholders"]
    text = docx_text(get(w.staff, f"/api/v1/placements/{w.placement.pk}/documents/"
                                  "introduction_letter.docx").content)
    assert "请予接洽为盼" in text and "抄送：浙江省农业农村厅" in text
    # Another department's letters keep the default.
    assert DocumentTemplate.objects.get().organizer == w.department
    # Deleting it goes back to the default.
    assert api(w.staff).delete(f"/api/v1/document-templates/{made.json()['id']}/"
                               ).status_code == 204
    text = docx_text(get(w.staff, f"/api/v1/placements/{w.placement.pk}/documents/"
                                  "introduction_letter.docx").content)
    assert "请予接洽为盼" not in text


@pytest.mark.parametrize("case, code", [
    ("unknown", "unknown_placeholders"), ("not_docx", "not_docx"), ("too_large", "too_large"),
    ("syntax", "template_syntax")])
def test_a_bad_template_is_refused_by_its_code_and_nothing_is_kept(placed, case, code):
    w = placed
    if case == "unknown":
        response = upload(w.staff, "approval_form",
                          edited("approval_form", extra="身份证：{{ id_number }}"))
    elif case == "not_docx":
        response = upload(w.staff, "approval_form", b"%PDF-1.7 not a word file", "模板.pdf")
    elif case == "too_large":
        response = upload(w.staff, "approval_form", b"PK" + b"0" * (5 * 1024 * 1024 + 1))
    else:
        response = upload(w.staff, "approval_form", edited("approval_form",
                                                            extra="{{ cadre_name "))
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert DocumentTemplate.objects.count() == 0
    # Only the department's staff keep templates.
    assert upload(w.receiving, "approval_form",
                  default_template("approval_form")).status_code == 403


def test_the_default_template_and_the_letterhead_are_the_departments(placed):
    w = placed
    response = get(w.staff, "/api/v1/document-templates/default/?kind=allowance_sheet")
    assert response.status_code == 200 and "{{ total_in_words }}" in docx_text(response.content)
    saved = api(w.staff).put("/api/v1/document-templates/letterhead/", {
        "issuer": "中共浙江省委组织部", "reference_prefix": "浙组干函"}, format="json")
    assert saved.status_code == 200 and saved.json()["reference_prefix"] == "浙组干函"
    refused = api(w.staff).put("/api/v1/document-templates/letterhead/", {"issuer": " "},
                               format="json")
    assert refused.status_code == 400
    assert Letterhead.objects.get().issuer == "中共浙江省委组织部"
    assert get(w.receiving, "/api/v1/document-templates/letterhead/").status_code == 403
    # Another department has none yet: its own, not this one's.
    assert get(w.other_staff, "/api/v1/document-templates/letterhead/").status_code == 404


def test_the_pages_offer_the_documents_and_the_templates(settled, tmp_path):
    from django.test import Client

    w = settled

    def page(user, path):
        client = Client()
        client.force_login(user)
        return client.get(path)

    html = page(w.staff, f"/placements/{w.placement.pk}/").content.decode()
    letter = f"/placements/{w.placement.pk}/documents/introduction_letter.docx"
    assert letter in html and "approval_form.pdf" in html
    host = page(w.receiving, f"/placements/{w.placement.pk}/").content.decode()
    assert letter not in host and "approval_form.docx" in host
    assert page(w.receiving, letter).status_code == 403
    word = page(w.staff, letter)
    assert word.status_code == 200 and "介  绍  信" in docx_text(word.content)
    month = page(w.staff, f"/programs/{w.program.pk}/allowances/?month=2026-10")
    sheet = f"/programs/{w.program.pk}/allowance-sheet.pdf?month=2026-10"
    assert sheet.split("?")[0] in month.content.decode()
    assert page(w.staff, sheet)["Content-Type"] == "application/pdf"
    templates = page(w.staff, "/document-templates/")
    assert templates.status_code == 200 and "{{ total_in_words }}" in templates.content.decode()
    assert page(w.receiving, "/document-templates/").status_code == 403
    # A template with an unknown placeholder is refused on the page too, nothing kept.
    client = Client()
    client.force_login(w.staff)
    refused = client.post("/document-templates/", {
        "action": "upload", "kind": "approval_form",
        "file": SimpleUploadedFile("t.docx", edited("approval_form", extra="{{ salary }}"))})
    assert refused.status_code == 400 and "salary" in refused.content.decode()
    assert DocumentTemplate.objects.count() == 0
