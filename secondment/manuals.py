"""帮助: the role manuals of docs/manual, rendered in the app (Python-Markdown), with the
screenshots the browser tests took (docs/screenshots). The files are the one source: read on
GitHub as they are, and here with their links turned into the app's own."""
import re
from functools import lru_cache
from pathlib import Path

import markdown
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role

DOCS = Path(settings.BASE_DIR) / "docs"
MANUALS = {  # slug: (the role it is written for, its title)
    "org_staff": (Role.ORG_STAFF, _("组织部工作人员")),
    "manager": (Role.MANAGER, _("领导")),
    "receiving": (Role.RECEIVING, _("接收单位经办人")),
    "dispatching": (Role.DISPATCHING, _("派出单位经办人")),
    "cadre": (Role.CADRE, _("挂职干部")),
}
# A role whose manual is another's (a unit's operator reads both unit manuals).
OWN_MANUAL = {Role.UNIT_OPERATOR: "receiving"}
LINK = re.compile(r'(href|src)="(?:\.\./screenshots/|)([\w.-]+)\.(md|png)"')


@lru_cache(maxsize=16)
def rendered(slug: str) -> str:
    """The manual as HTML, its links to other manuals and screenshots pointing into the app.
    Read once per process: the files change with a release, not while it runs."""
    path = DOCS / "manual" / ("README.md" if slug == "index" else f"{slug}.md")
    html = markdown.markdown(path.read_text(encoding="utf-8"), extensions=["tables"])

    def link(match):
        attribute, name, ext = match.groups()
        if ext == "png":
            return f'{attribute}="{reverse("help_screenshot", args=[f"{name}.png"])}"'
        target = "index" if name == "README" else name
        return f'{attribute}="{reverse("help", args=[target])}"'
    # Images scale to the page (and a phone).
    html = LINK.sub(link, html).replace("<img ", '<img class="img-fluid border rounded" ')
    return html.replace("<table>", '<table class="table table-sm bg-white">')


@login_required
def manual(request, slug="index"):
    if slug != "index" and slug not in MANUALS:
        raise Http404
    mine = OWN_MANUAL.get(request.user.role) or next(
        (s for s, (role, _title) in MANUALS.items() if role == request.user.role), None)
    return render(request, "help.html", {
        "title": _("操作手册"), "body": mark_safe(rendered(slug)),  # noqa: S308 (our files)
        "manuals": [(s, title) for s, (_role, title) in MANUALS.items()],
        "slug": slug, "mine": mine,
        "breadcrumbs": [(_("帮助"), reverse("help", args=["index"]))],
    })


@login_required
def screenshot(request, name):
    path = DOCS / "screenshots" / name
    if not re.fullmatch(r"[\w-]+\.png", name) or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
