"""帮助 (issue 28, item 12): a manual per role, rendered in the app from docs/manual, its
screenshots served from docs/screenshots; every manual and every picture it shows opens."""
import re

import pytest
from django.test import Client

from secondment.manuals import MANUALS


@pytest.mark.parametrize("who, mine", [("staff", "org_staff"), ("manager", "manager"),
                                       ("receiving", "receiving"),
                                       ("dispatching", "dispatching"), ("cadre_user", "cadre")])
def test_each_role_finds_its_manual_and_every_picture_opens(world, who, mine):
    page = Client()
    page.force_login(getattr(world, who))
    index = page.get("/help/").content.decode()
    assert "操作手册" in index and f'href="/help/{mine}/"' in index
    assert re.search(rf'href="/help/{mine}/">[^<]+ <span class="badge[^"]*">我的</span>', index)
    for slug in MANUALS:
        html = page.get(f"/help/{slug}/").content.decode()
        assert "操作手册" in html
        # Links between manuals are the app's own, never the .md files.
        assert ".md\"" not in html
        for src in re.findall(r'<img[^>]+src="([^"]+)"', html):
            picture = page.get(src)
            assert picture.status_code == 200 and picture["Content-Type"] == "image/png", src


def test_the_manuals_are_in_the_menu_and_closed_to_strangers(world):
    anonymous = Client()
    assert anonymous.get("/help/org_staff/").status_code == 302
    page = Client()
    page.force_login(world.cadre_user)
    assert 'href="/help/"' in page.get("/").content.decode()
    assert page.get("/help/nobody/").status_code == 404
    for name in ("..%2Fsettings.py", "x.txt", "nothing.png"):
        assert page.get(f"/help/screenshots/{name}").status_code == 404
