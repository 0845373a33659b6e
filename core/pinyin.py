"""Chinese names found and sorted the way people type and read them: by characters, full
pinyin (zhangshuqi, shuqi) and initials (zsq, sq), and listed in pinyin order.

`PinyinNamed` keeps two columns with a model's name, made in the same save:
- `pinyin`, the sort key ("zeng guo fan"): pinyin order on every database alike (one key, so
  PostgreSQL and SQLite list, export and report in the same order; an ICU collation reads a
  surname's character by its common reading, 曾 as ceng, 单 as dan);
- `pinyin_terms`, every term a Latin query may begin ( zengguofan guofan fan zgf gf f ): a
  query `q` matches when " q" is in it.
Bulk writers call `refresh_pinyin()` on each object first (bulk_create sends no signal).
Cadres keep their terms as indexed rows instead (cadres.search): there are millions."""
import re

from django.db import models
from django.db.models import Q

LATIN = re.compile(r"^[a-z]+$")
STROKE_COLLATION = "zh_stroke"
MAX_TERMS = 2000

# Surnames read otherwise than their characters' common reading (姓氏读音).
SURNAMES = {
    "万俟": ["mo", "qi"], "尉迟": ["yu", "chi"], "单于": ["chan", "yu"],
    "曾": ["zeng"], "单": ["shan"], "解": ["xie"], "仇": ["qiu"], "朴": ["piao"],
    "区": ["ou"], "查": ["zha"], "盖": ["ge"], "缪": ["miao"], "覃": ["qin"], "翟": ["zhai"],
    "乐": ["yue"], "召": ["shao"], "尉": ["yu"], "种": ["chong"], "秘": ["bi"], "繁": ["po"],
    "员": ["yun"], "冼": ["xian"], "么": ["yao"], "黑": ["he"], "隗": ["wei"], "长": ["chang"],
    "藏": ["zang"], "折": ["she"], "华": ["hua"], "任": ["ren"], "沈": ["shen"], "重": ["chong"],
}


def syllables(text: str) -> list[list[str]]:
    """Each character's readings (lower case, no tones; the first the common one); a run
    of other characters is one 'syllable'."""
    from pypinyin import Style, pinyin

    readings = pinyin(text, style=Style.NORMAL, heteronym=True, errors="default")
    return [[r.lower() for r in dict.fromkeys(options) if r.strip()] for options in readings]


def _spelled(name: str, surname: bool) -> list[str]:
    """The syllables as read, a person's surname by its surname reading."""
    if surname:
        for prefix in sorted(SURNAMES, key=len, reverse=True):
            if name.startswith(prefix):
                rest = [options[0] for options in syllables(name[len(prefix):]) if options]
                return [*SURNAMES[prefix], *rest]
    return [options[0] for options in syllables(name) if options]


def sort_key(name: str, surname: bool = False) -> str:
    """The pinyin a name sorts by ("zeng guo fan"); `surname`: a person's name."""
    name = "".join((name or "").split())
    return " ".join(_spelled(name, surname))[:300]


def latin_terms(name: str, surname: bool = False) -> set[str]:
    """The pinyin and the initials from each syllable on (zhangshuqi, shuqi, qi; zsq, sq, q),
    with every reading of the first character (a surname: 单 dan and shan)."""
    name = "".join((name or "").split())
    options = [o for o in syllables(name) if o]
    if not options:
        return set()
    firsts = list(dict.fromkeys([*_spelled(name, surname)[:1], *options[0]]))
    rest = [o[0] for o in options[1:]]
    terms = set()
    for first in firsts:
        spelled = [first, *rest]
        for start in range(len(spelled)):
            terms.add("".join(spelled[start:]))
            terms.add("".join(s[0] for s in spelled[start:]))
    return {t for t in terms if LATIN.match(t)}


def terms_text(name: str, surname: bool = False) -> str:
    """The terms as one column: each preceded by a space, so " q" finds a term's start."""
    text = "".join(f" {t}" for t in sorted(latin_terms(name, surname), key=lambda t: (-len(t), t)))
    return (text + " ")[:MAX_TERMS] if text else ""


def query_text(query) -> str:
    return "".join((query or "").split())


def stroke_order(field="name", fallback="pinyin"):
    """姓氏笔画 order for rosters: the surname's strokes first (丁 王 张 李 欧阳 曾), by ICU's
    stroke collation on PostgreSQL (made by migration cadres/0010). Elsewhere (the SQLite
    demo) there is no such collation: the pinyin order stands in."""
    from django.db import connection
    from django.db.models import F
    from django.db.models.functions import Collate

    if connection.vendor == "postgresql":
        return Collate(field, STROKE_COLLATION)
    return F(fallback)


def latin_query(query) -> str | None:
    """The query as pinyin or initials to look up (lower case, no spaces), or None when it
    is not Latin letters only."""
    lowered = query_text(query).lower()
    return lowered if LATIN.match(lowered) else None


def matches(query, name_field="name", path="") -> Q | None:
    """The condition of a search box's `q` on a PinyinNamed model (or the one at `path`,
    "receiving_unit__"): a Latin query by the start of a pinyin or initials term, anything
    else by the name's characters. None when there is nothing to look for."""
    if not query_text(query):
        return None
    latin = latin_query(query)
    if latin:
        return Q(**{f"{path}pinyin_terms__contains": f" {latin}"})
    return Q(**{f"{path}{name_field}__icontains": query.strip()})


class PinyinNamed(models.Model):
    """An abstract model whose `pinyin_source` field (a name, a title) is kept as pinyin."""

    pinyin_source = "name"

    pinyin = models.CharField(max_length=300, blank=True, default="", editable=False,
                              db_index=True)
    pinyin_terms = models.TextField(blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_pinyin()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.pinyin_source in update_fields:
            kwargs["update_fields"] = {*update_fields, "pinyin", "pinyin_terms"}
        super().save(*args, **kwargs)

    def refresh_pinyin(self):
        name = getattr(self, self.pinyin_source)
        self.pinyin, self.pinyin_terms = sort_key(name), terms_text(name)


def fill(model, source="name", surname=False, with_terms=True, chunk=5000):
    """Write the pinyin columns of every row of `model` (a migration's historical model has
    no refresh_pinyin), in chunks."""
    fields = ["pinyin", "pinyin_terms"] if with_terms else ["pinyin"]
    last = 0
    while True:
        rows = list(model.objects.filter(pk__gt=last).order_by("pk").only("pk", source)[:chunk])
        if not rows:
            return
        for row in rows:
            name = getattr(row, source)
            row.pinyin = sort_key(name, surname)
            if with_terms:
                row.pinyin_terms = terms_text(name)
        model.objects.bulk_update(rows, fields, batch_size=2000)
        last = rows[-1].pk


def fill_migration(app_label, model_name, source="name", surname=False, with_terms=True):
    """A migration's RunPython that fills a model's new pinyin columns."""
    def run(apps, schema_editor):
        fill(apps.get_model(app_label, model_name), source, surname, with_terms)
    return run
