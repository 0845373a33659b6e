"""The columns of an import or export: how a cell is read (parse) and written (render).

A column carries the API's field name and a Chinese header. Parsing is forgiving where people
type differently (a date as 2023/1/1 or 2023年1月1日, a choice by its label or its code,
full-width digits and spaces in an ID number) and strict where meaning is at stake: an
unknown unit, an ambiguous name or a bad date is the row's error, said in Chinese. Names are
kept as written (traditional or simplified).
"""
import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.validators import FIRST_YEAR, LAST_YEAR

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
ENTRY_SEPARATORS = re.compile(r"[;；\n]+")


class CellError(Exception):
    """A cell that cannot be read: its message names what is wrong and how to write it (and
    `column`, the field it is about when raised after the cells were read)."""

    def __init__(self, message, column=None):
        super().__init__(message)
        self.column = column


def clean_text(raw) -> str:
    """A cell as text: None is empty; a number written as 12.0 reads as 12; a neutralised
    formula (exported as '=…) reads back as written."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        text = text[1:]
    return text


def spellings(text) -> set:
    """A header or label in every language of the interface: a file made in one language
    imports in the other."""
    from django.conf import settings
    from django.utils import translation

    found = {str(text)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(text))
    return found


def normalise(text: str) -> str:
    """Full-width digits, letters and spaces as half-width, and no spaces at all: for ID
    numbers, phones, codes and numbers (never for names)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass
class Column:
    name: str  # the API's field name
    header: Any  # the Chinese header (lazy)
    required: bool = False
    help: Any = ""
    example: Any = ""
    width: int = 14

    def parse(self, raw, lookups):
        text = clean_text(raw)
        if not text:
            if self.required:
                raise CellError(_("必填，不能为空"))
            return self.empty()
        return self.parse_text(text, lookups)

    def empty(self):
        return ""

    def parse_text(self, text, lookups):
        return text

    def render(self, value, lookups):
        """The value as a cell; parse(render(v)) == v for every stored value."""
        return "" if value is None else value

    def options(self, lookups) -> list[str] | None:
        """The drop-down list of the template, if the column has one."""
        return None

    # Whether options() is the whole list (a choice) or a help (names that exist today).
    strict_options = False


@dataclass
class Text(Column):
    max_length: int = 200

    def parse_text(self, text, lookups):
        if len(text) > self.max_length:
            raise CellError(_("不能超过%d个字") % self.max_length)
        return text


@dataclass
class IdNumber(Column):
    """Normalised, and a masked value (from an export for a masked reader) is recognised."""

    def parse_text(self, text, lookups):
        value = normalise(text).upper()
        if "*" in value:
            return Masked(value)
        return value


@dataclass
class Phone(Column):
    def parse_text(self, text, lookups):
        value = normalise(text).replace("-", "")
        if "*" in value:
            return Masked(value)
        if value.startswith("+86"):
            value = value[3:]
        return value


class Masked(str):
    """A personal value as a masked reader exported it: it stands for the stored value when
    it is that value's mask, and can never be written."""


@dataclass
class Integer(Column):
    minimum: int = 0

    def empty(self):
        return None

    def parse_text(self, text, lookups):
        value = normalise(text)
        try:
            number = float(value) if "." in value else int(value)
        except ValueError:
            raise CellError(_("应为整数，如 %s") % (self.example or 1)) from None
        if number != int(number):
            raise CellError(_("应为整数"))
        if number < self.minimum:
            raise CellError(_("不能小于%d") % self.minimum)
        return int(number)


DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(raw) -> datetime.date:
    """A cell's date (a date, an Excel day number or text), within the years 1900–2100."""
    day = _read_date(raw)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError(_("日期应在%(first)d年至%(last)d年之间")
                        % {"first": FIRST_YEAR, "last": LAST_YEAR})
    return day


def _read_date(raw) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, int | float) and 20000 < raw < 80000:  # an Excel serial day number
        return EXCEL_EPOCH + datetime.timedelta(days=int(raw))
    text = normalise(clean_text(raw))
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(g) for g in match.groups()))
            except ValueError:
                break
    raise CellError(_("日期无效，应写作 2023-01-01"))


@dataclass
class Date(Column):
    width: int = 12

    def empty(self):
        return None

    def parse(self, raw, lookups):
        if isinstance(raw, datetime.date | int | float) and not isinstance(raw, bool):
            return parse_date(raw)
        return super().parse(raw, lookups)

    def parse_text(self, text, lookups):
        return parse_date(text)


@dataclass
class BirthDate(Date):
    """A date, or its mask from an export for a masked reader (`1985-**-**`)."""

    def parse_text(self, text, lookups):
        if "*" in text:
            return Masked(normalise(text))
        return parse_date(text)


@dataclass
class Choice(Column):
    """Written with its Chinese label; its code is accepted too."""

    choices: Any = None  # a TextChoices class
    strict_options = True

    def parse_text(self, text, lookups):
        if not hasattr(self, "_values"):  # every spelling of every label, read once
            self._values = {spelling: value for value, label in self.choices.choices
                            for spelling in {value, *spellings(label)}}
        if text in self._values:
            return self._values[text]
        labels = "、".join(str(label) for _value, label in self.choices.choices)
        raise CellError(_("“%(text)s”不是可选值（可选：%(labels)s）")
                        % {"text": text, "labels": labels})

    def render(self, value, lookups):
        return str(self.choices(value).label) if value else ""

    def options(self, lookups):
        return [str(label) for _value, label in self.choices.choices]


YES, NO = gettext_lazy("是"), gettext_lazy("否")


@dataclass
class Boolean(Column):
    strict_options = True

    def empty(self):
        return False

    def parse_text(self, text, lookups):
        value = normalise(text).lower()
        if value in (str(YES), "是", "y", "yes", "true", "1", "√"):
            return True
        if value in (str(NO), "否", "n", "no", "false", "0", "×"):
            return False
        raise CellError(_("应填“是”或“否”"))

    def render(self, value, lookups):
        return str(YES) if value else str(NO)

    def options(self, lookups):
        return [str(YES), str(NO)]


@dataclass
class Ref(Column):
    """A record named by its label; `lookups` resolves labels to ids for the user."""

    kind: str = ""  # unit, region, batch, expertise

    def empty(self):
        return None

    def parse_text(self, text, lookups):
        return lookups.resolve(self.kind, text)

    def render(self, value, lookups):
        return "" if value is None else lookups.label(self.kind, value)

    def options(self, lookups):
        return lookups.labels(self.kind)


@dataclass
class RefList(Ref):
    """Several records in one cell, separated by 、 or ；; written sorted."""

    def empty(self):
        return frozenset()

    def parse_text(self, text, lookups):
        names = [n.strip() for n in LIST_SEPARATORS.split(text) if n.strip()]
        return frozenset(lookups.resolve(self.kind, n) for n in names)

    def render(self, value, lookups):
        return "、".join(sorted(lookups.label(self.kind, v) for v in value or ()))

    def options(self, lookups):
        return None


@dataclass
class Relatives(Column):
    """Declared relatives: 姓名/关系/工作单位, several separated by ；."""

    def empty(self):
        return frozenset()

    def parse_text(self, text, lookups):
        relatives = set()
        for entry in ENTRY_SEPARATORS.split(text):
            entry = entry.strip()
            if not entry:
                continue
            parts = [p.strip() for p in re.split(r"[/／]", entry)]
            if len(parts) != 3 or not all(parts):
                raise CellError(_("“%s”应写作 姓名/关系/工作单位，多人用；分隔") % entry)
            name, relation, unit = parts
            if len(name) > 50 or len(relation) > 20:
                raise CellError(_("“%s”的姓名或关系过长") % entry)
            relatives.add((name, relation, lookups.resolve("unit", unit)))
        return frozenset(relatives)

    def render(self, value, lookups):
        return "；".join(sorted(f"{name}/{relation}/{lookups.label('unit', unit)}"
                               for name, relation, unit in value or ()))
