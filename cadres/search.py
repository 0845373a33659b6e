"""Finding a cadre by name the way people type it: characters (张, 树旗), full pinyin (zhang,
shuqi) or initials (zsq), from an index rather than a scan of every name.

Each name is kept as search terms (`CadreSearchTerm`, one row per term), written with the
name in the same transaction (Cadre.save, and `index_names` for bulk writers):
- every character and every pair of neighbouring characters — a one- or two-character query,
  the usual ones, is one index lookup (PostgreSQL's trigram index cannot serve them);
- the pinyin and the initials from each syllable on (zhangshuqi, shuqi, qi; zsq, sq, q), with
  every reading of the surname (单: dan, shan; 曾: ceng, zeng) — a Latin query is a prefix
  range of the same index (LIKE 'q%' over varchar_pattern_ops).
A longer Chinese query narrows by its first pair and checks the name itself; a single letter
is the surname's initial, read from the name's pinyin sort key (Cadre.pinyin).
"""
import re

from django.apps import apps
from django.db import transaction
from django.db.models import Q

from core.pinyin import latin_terms, sort_key

MAX_TERM = 64

_LATIN = re.compile(r"^[a-z]+$")


def terms_of(name: str) -> set[str]:
    name = "".join((name or "").split())
    if not name:
        return set()
    terms = set(name) | {name[i:i + 2] for i in range(len(name) - 1)}
    terms |= latin_terms(name, surname=True)
    return {term[:MAX_TERM] for term in terms if term}


def index_names(cadres):
    """Write the search terms of these (saved) cadres, replacing what they had: called in the
    transaction that wrote their names."""
    Cadre = apps.get_model("cadres", "Cadre")
    CadreSearchTerm = apps.get_model("cadres", "CadreSearchTerm")

    cadres = [c for c in cadres if c.pk is not None]
    if not cadres:
        return
    with transaction.atomic():
        CadreSearchTerm.objects.filter(cadre__in=[c.pk for c in cadres]).delete()
        CadreSearchTerm.objects.bulk_create(
            [CadreSearchTerm(cadre_id=c.pk, term=term) for c in cadres
             for term in terms_of(c.name)], batch_size=10000)
        # Bulk writers (imports, the demo) save no model: their sort key is written here.
        unsorted = [c for c in cadres if c.pinyin != sort_key(c.name, surname=True)]
        for cadre in unsorted:
            cadre.pinyin = sort_key(cadre.name, surname=True)
        Cadre.objects.bulk_update(unsorted, ["pinyin"], batch_size=2000)


def surname_initial(query) -> str | None:
    """The letter of a one-letter Latin query (z), read as the surname's initial."""
    text = "".join((query or "").split()).lower()
    return text if len(text) == 1 and _LATIN.match(text) else None


def by_initial(letter, path="") -> Q:
    """The names whose pinyin sort key begins with `letter`, as a range of the key (its
    index serves a range under any collation; LIKE 'z%' only under the "C" one) checked by
    the prefix itself."""
    return Q(**{f"{path}pinyin__gte": letter, f"{path}pinyin__lt": letter + "\U0010ffff",
                f"{path}pinyin__startswith": letter})


def name_matches(query: str):
    """The ids of the cadres whose name matches `query` (a subquery: CadreSearchTerm's
    `cadre_id` values), or None when the query holds nothing to look up."""
    Cadre = apps.get_model("cadres", "Cadre")
    CadreSearchTerm = apps.get_model("cadres", "CadreSearchTerm")

    text = "".join((query or "").split())
    if not text:
        return None
    lowered = text.lower()
    initial = surname_initial(text)
    if initial:
        # One letter is the surname's initial (z: 张, 赵, 周 …), read from the sort key: as
        # a prefix of every term it matched nearly everyone, in no useful order.
        return Cadre.objects.order_by().filter(by_initial(initial)).values("pk")
    if _LATIN.match(lowered):
        terms = CadreSearchTerm.objects.filter(term__startswith=lowered[:MAX_TERM])
    elif len(text) <= 2:
        terms = CadreSearchTerm.objects.filter(term=text)
    else:  # narrowed by the first pair, then the name itself
        return Cadre.objects.order_by().filter(
            pk__in=CadreSearchTerm.objects.filter(term=text[:2]).values("cadre_id"),
            name__contains=text).values("pk")
    return terms.order_by().values("cadre_id")
