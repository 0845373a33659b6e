"""Going through a file's rows: the dry run and the apply are the same pass.

Every row goes through its kind's service step inside a savepoint, so a refused row is
rolled back alone and reported with its row number, column and the service's Chinese message.
The dry run then rolls the whole pass back; the apply keeps it, in one transaction: all the
good rows or nothing. Rules that span rows (two rows filling the last place of an order, the
same cadre twice) are met in the dry run exactly as in the apply.
"""
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.masking import mask_id_number, mask_phone
from core.exceptions import ServiceError

from .fields import CellError, Masked, spellings
from .files import read_table
from .kinds import ID, KINDS
from .lookups import Lookups

PROGRESS_EVERY = 100
# Row errors kept on the import (the bad-rows file carries every bad row regardless).
MAX_ERRORS = 2000


@dataclass
class Outcome:
    counts: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    bad_rows: list = field(default_factory=list)
    total: int = 0
    ignored: list = field(default_factory=list)
    # Rows left out as the template's example row, by number: counted and shown, never silent.
    skipped: list = field(default_factory=list)
    # One letter per row in file order (n new, u updated, s same, b bad): the apply must meet
    # the plan its dry run showed, row by row.
    plan: str = ""


class Changed(Exception):
    """The apply met a row the dry run had passed (or the other way round)."""


def progress_key(job_id):
    return f"imports:{job_id}:progress"


def read_progress(job_id):
    return cache.get(progress_key(job_id))


def _same(current, value):
    if isinstance(value, Masked):
        return value in (current, mask_id_number(current or ""), mask_phone(current or ""))
    if value in ("", None) and current in ("", None):
        return True
    return current == value


def is_example(kind_class, texts: dict) -> bool:
    """The template's example row, left in place: every cell as the template wrote it (by
    column, whatever their order), and nothing else filled in."""
    example = {col.name: str(col.example) for col in kind_class.columns if col.example != ""}
    filled = {name: text for name, text in texts.items() if text}
    return bool(filled) and filled == {n: t for n, t in example.items() if n in texts}


LETTERS = {"new": "n", "updated": "u", "unchanged": "s", "bad": "b"}


def run(kind_key, user, data, fmt, apply=False, job_id=None, expected_plan=None):
    """Pass over a file's rows as `user`. Raises InvalidInput for a bad file, Changed when an
    apply does not meet its dry run's rows."""
    kind_class = KINDS[kind_key]
    columns = {spelling: col for col in [ID, *kind_class.columns]
               for spelling in spellings(col.header)}
    read_only = {spelling for col in kind_class.read_only for spelling in spellings(col.header)}
    table = read_table(data, fmt, [*columns, *read_only])
    _require_columns(kind_class, table.headers)
    lookups = Lookups(user)
    kind = kind_class(user, lookups)
    kind.pending = []
    outcome = Outcome(total=len(table.rows), ignored=list(table.ignored))
    positions = [(i, columns[h]) for i, h in enumerate(table.headers) if h in columns]

    rows = []
    for number, cells in table.rows:
        values, errors = {}, []
        texts = {col.name: str(cells[i]).strip() if i < len(cells) and cells[i] is not None
                 else "" for i, col in positions}
        if is_example(kind_class, texts):
            outcome.skipped.append(number)
            continue
        for i, col in positions:
            raw = cells[i] if i < len(cells) else None
            try:
                values[col.name] = col.parse(raw, lookups)
            except CellError as exc:
                errors.append((str(col.header), str(exc)))
        rows.append((number, values, errors))
    # Rows with format errors too: their other cells are still checked in this pass.
    kind.prefetch([values for _n, values, _errors in rows])
    parsed = [(number, kind.complete(values) if not errors else values, errors)
              for number, values, errors in rows]
    outcome.total = len(parsed)
    plan = []

    with transaction.atomic():
        seen = {}
        for index, (number, values, errors) in enumerate(parsed):
            what = "bad"
            if errors:
                # Every error of the row at once: one round per file, not one per error.
                errors = [*errors,
                          *_duplicate(kind_class, values, number, seen, remember=False),
                          *_other_rules(kind, values, errors)]
            else:
                errors = _duplicate(kind_class, values, number, seen)
                if not errors:
                    what, errors = _row(kind, values)
            outcome.counts[what] += 1
            plan.append(LETTERS[what])
            if errors:
                outcome.bad_rows.append(number)
                for column, message in errors:
                    if len(outcome.errors) < MAX_ERRORS:
                        outcome.errors.append({"row": number, "column": column,
                                               "message": message})
            if job_id and (index + 1) % PROGRESS_EVERY == 0:
                cache.set(progress_key(job_id), {"done": index + 1, "total": len(parsed),
                                                 "apply": apply}, 3600)
        outcome.plan = "".join(plan)
        if apply and expected_plan is not None and outcome.plan != expected_plan:
            raise Changed([number for (number, _v, _e), now, then in zip(
                parsed, outcome.plan, expected_plan, strict=False) if now != then][:10])
        if apply and kind.pending:
            try:
                kind.create_many(kind.pending)
            except ServiceError:  # a number registered by someone else since the dry run
                raise Changed([]) from None
        if not apply:
            transaction.set_rollback(True)
    kind.finish()
    for key in ("new", "updated", "unchanged", "bad"):
        outcome.counts.setdefault(key, 0)
    return outcome


def _require_columns(kind_class, headers):
    from .files import file_error

    present = set(headers)
    missing = [str(col.header) for col in kind_class.columns
               if col.required and not spellings(col.header) & present]
    if missing:
        raise file_error(_("缺少必填列：%s（请使用本系统的导入模板）") % "、".join(missing))


def _duplicate(kind_class, values, number, seen, remember=True):
    """A row repeating an earlier good row's key. A bad row is told so but not remembered:
    the row that corrects it further down is not its duplicate."""
    key = tuple(values.get(name) for name in kind_class.natural_key)
    if values.get("id"):
        key = ("id", values["id"])
    if any(v in (None, "") for v in key):
        return []
    if key in seen:
        headers = {c.name: str(c.header) for c in kind_class.columns}
        names = "、".join(headers.get(n, n) for n in kind_class.natural_key)
        return [(headers.get(kind_class.natural_key[0], ""),
                 _("与第%(row)d行重复（%(names)s相同）") % {"row": seen[key], "names": names})]
    if remember:
        seen[key] = number
    return []


def _other_rules(kind, values, errors):
    """The rules a row with format errors breaks besides them, checked on the cells that did
    parse, in a savepoint always rolled back (nothing of the row is kept, nothing queued). An
    error about a cell already in error, or that a blank one cannot be checked, is not
    repeated."""
    headers = {str(c.header): c.name for c in kind.all_columns()}
    failed = {headers.get(header) for header, _message in errors}
    usable = {name: value for name, value in values.items() if name not in failed}
    queued = len(kind.pending)
    try:
        with transaction.atomic():
            _what, more = _row(kind, kind.complete(dict(usable)))
            transaction.set_rollback(True)
    except (KeyError, TypeError, ValueError, AttributeError):
        return []  # the rules need the cells in error: nothing more to say yet
    finally:
        del kind.pending[queued:]
    said = {header for header, _message in errors}
    return [(column, message) for column, message in more
            if column not in said and headers.get(column) in usable]


def _row(kind, values):
    """One row in its savepoint: "new", "updated" or "unchanged", or its errors."""
    headers = {c.name: str(c.header) for c in kind.all_columns()}
    try:
        obj = kind.find(values)
        if obj is None and kind.check_new is not None:
            kind.pending.append(kind.check_new(values))
            return "new", []
        with transaction.atomic():
            if obj is None:
                kind.create(values)
                return "new", []
            current = kind.current(obj)
            changes = {name: value for name, value in values.items()
                       if name in current and not _same(current[name], value)}
            if not changes:
                return "unchanged", []
            kind.update(obj, changes)
            return "updated", []
    except CellError as exc:
        return "bad", [(headers.get(exc.column, ""), str(exc))]
    except ServiceError as exc:
        if not exc.fields:
            return "bad", [("", exc.message)]
        fields = list(exc.fields.items())
        first, _errors = fields[0]
        found = [(headers.get(first, ""), exc.message)]
        for name, errors in fields[1:]:
            if name not in headers:  # a detail for programs (the rules' ids), not a cell
                continue
            message = errors[0] if isinstance(errors, list | tuple) and errors else errors
            if str(message) != exc.message:
                found.append((headers[name], str(message)))
        return "bad", found
