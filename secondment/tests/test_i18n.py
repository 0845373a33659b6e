"""English through Django's i18n: the committed catalog is complete and compiled from the
current .po, and the language switch turns the pages into English."""
import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _po_entries():
    """(context, msgid, msgstr) of every entry of the .po, header excluded."""
    text = (CATALOG / "django.po").read_text(encoding="utf-8")
    string = r'((?:"(?:[^"\\]|\\.)*"\s*)+)'
    pattern = rf"^(?:msgctxt {string})?msgid {string}msgstr {string}"
    for context, msgid, msgstr in re.findall(pattern, text, re.M):
        def join(s):
            return "".join(bytes(p, "utf-8").decode("unicode_escape").encode("latin-1")
                           .decode("utf-8") for p in re.findall(r'"((?:[^"\\]|\\.)*)"', s))
        if join(msgid):
            yield join(context) or None, join(msgid), join(msgstr)


def test_every_message_has_an_english_translation_and_the_mo_is_current():
    compiled = gettext.GNUTranslations(open(CATALOG / "django.mo", "rb"))
    entries = list(_po_entries())
    assert len(entries) > 700
    untranslated = [msgid for _context, msgid, msgstr in entries if not msgstr]
    assert untranslated == []
    stale = [msgid for context, msgid, msgstr in entries
             if (compiled.pgettext(context, msgid) if context else compiled.gettext(msgid))
             != msgstr]
    assert stale == [], "run manage.py compilemessages"
    assert "fuzzy" not in (CATALOG / "django.po").read_text(encoding="utf-8").split(
        "\n\n", 1)[1]


def test_the_language_switch_turns_the_console_into_english(world, make, client):
    w = world
    make.placement(w.cadre, w.batch, w.host, status="on_post")
    client.force_login(w.staff)
    chinese = client.get(f"/programs/{w.program.pk}/").content.decode()
    assert "挂职总数" in chinese and "Placements in all" not in chinese
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get(f"/programs/{w.program.pk}/").content.decode()
    assert 'lang="en"' in english
    for text in ("Placements in all", "Placement status", "Sign out", "Change password"):
        assert text in english
    assert "挂职总数" not in english and "退出" not in english
    listing = client.get("/placements/").content.decode()
    assert "On post" in listing and "Starting on or after" in listing
