"""Names in cells resolved to records, for one user and one file.

Each directory is read once per file (a few queries, however many rows), within what the user
may see. A name shared by several units or regions is refused with the choices it could mean;
it is written back the same way (a unit as 名称（所在区划）, a region by its full name) so an
export always imports again.
"""
import re
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.models import Expertise
from programs.models import Batch, Region, Unit

from .fields import CellError, spellings

BATCH_LABEL = gettext_lazy("%(program)s 第%(number)d批")
QUALIFIED = re.compile(r"^(?P<name>.+?)\s*[（(](?P<where>[^（()）]+)[）)]$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Lookups:
    def __init__(self, user):
        self.user = user
        self._loaded = {}

    # --- the directories, each read on first use ----------------------------------------
    def _regions(self):
        if "region" not in self._loaded:
            rows, retired = {}, {}
            for pk, name, code, parent, valid_to, successor in Region.objects.values_list(
                    "pk", "name", "code", "parent_id", "valid_to", "replaced_by_id"):
                if valid_to is None:
                    rows[pk] = (name, code, parent)
                elif code:
                    # A retired code is answered with what took its place, never matched:
                    # a new record names the region as it is now.
                    retired[code] = (name, valid_to, successor)
            self._retired = retired

            def full(pk):
                names = []
                # Up to the first retired ancestor, if any (a retired city's counties moved).
                while pk in rows:
                    name, _code, pk = rows[pk]
                    names.append(name)
                return "".join(reversed(names))

            by_name = defaultdict(list)
            for pk, (name, _code, _parent) in rows.items():
                by_name[name].append(pk)
            labels = {pk: name if len(by_name[name]) == 1 else full(pk)
                      for pk, (name, _c, _p) in rows.items()}
            index = {name: pks for name, pks in by_name.items()}
            for pk in rows:
                index.setdefault(full(pk), [pk])
                if rows[pk][1]:
                    index.setdefault(rows[pk][1], [pk])
            self._loaded["region"] = (index, labels, full)
        return self._loaded["region"]

    def _units(self):
        if "unit" not in self._loaded:
            region_index, region_labels, full = self._regions()
            by_name = defaultdict(list)
            # In id order: a name's first unit (the example an ambiguous name's message
            # gives) is the same on every database.
            for pk, name, region in Unit.objects.visible_to(self.user).order_by(
                    "pk").values_list("pk", "name", "region_id"):
                by_name[name].append((pk, region))
            labels = {}
            for name, units in by_name.items():
                for pk, region in units:
                    labels[pk] = name if len(units) == 1 else (
                        f"{name}（{region_labels.get(region, '')}）")
            self._loaded["unit"] = (by_name, labels, region_labels, full)
        return self._loaded["unit"]

    def _batches(self):
        if "batch" not in self._loaded:
            index, labels = {}, {}
            for batch in Batch.objects.visible_to(self.user).select_related("program"):
                names = {"program": batch.program.name, "number": batch.number}
                label = BATCH_LABEL % names
                labels[batch.pk] = label
                for spelling in spellings(BATCH_LABEL):
                    index[_squash(spelling % names)] = batch.pk
                index.setdefault(_squash(f"{batch.program.name}{batch.name}"), batch.pk)
            self._loaded["batch"] = (index, labels)
        return self._loaded["batch"]

    def _expertise(self):
        if "expertise" not in self._loaded:
            rows = dict(Expertise.objects.values_list("name", "pk"))
            self._loaded["expertise"] = (rows, {pk: name for name, pk in rows.items()})
        return self._loaded["expertise"]

    # --- what the columns call ----------------------------------------------------------
    def resolve(self, kind, text):
        return getattr(self, f"_resolve_{kind}")(text.strip())

    def label(self, kind, pk):
        if kind == "unit":
            return self._units()[1].get(pk, "")
        if kind == "region":
            return self._regions()[1].get(pk, "")
        if kind == "batch":
            return self._batches()[1].get(pk, "")
        return self._expertise()[1].get(pk, "")

    def labels(self, kind) -> list[str]:
        if kind == "unit":
            return sorted(self._units()[1].values())
        if kind == "batch":
            return sorted(self._batches()[1].values())
        if kind == "expertise":
            return sorted(self._expertise()[0])
        return None  # regions: thousands of names, typed rather than picked

    def _resolve_region(self, text):
        index = self._regions()[0]
        pks = index.get(text) or index.get(_squash(text))
        if not pks and text in self._retired:
            name, valid_to, successor = self._retired[text]
            now = self._regions()[1].get(successor)
            raise CellError(
                (_("区划代码%(code)s（%(name)s）已于%(date)s停用，现为“%(now)s”，请改填现行区划")
                 if now else _("区划代码%(code)s（%(name)s）已于%(date)s停用，请改填现行区划"))
                % {"code": text, "name": name, "date": valid_to.isoformat(), "now": now})
        if not pks:
            raise CellError(_("未找到行政区划“%s”，请填写区划名称、全称或6位区划代码") % text)
        if len(pks) > 1:
            full = self._regions()[2]
            raise CellError(_("有%(n)d个名为“%(name)s”的区划（%(where)s），请填写全称或区划代码")
                            % {"n": len(pks), "name": text,
                               "where": "、".join(sorted(full(pk) for pk in pks))})
        return pks[0]

    def _resolve_unit(self, text):
        by_name, _labels, region_labels, full = self._units()
        units = by_name.get(text)
        where = None
        if not units:
            match = QUALIFIED.match(text)
            if match:
                units, where = by_name.get(match["name"].strip()), match["where"].strip()
        if not units:
            raise CellError(_("未找到单位“%s”，请先在单位名录中登记或导入该单位") % text)
        if where is not None:
            units = [(pk, region) for pk, region in units
                     if where in (region_labels.get(region, ""), full(region))]
            if not units:
                raise CellError(_("“%s”所在区划与单位名录不符") % text)
        if len(units) > 1:
            raise CellError(
                _("有%(n)d个名为“%(name)s”的单位，请写成 名称（所在区划），如 %(example)s")
                % {"n": len(units), "name": text,
                   "example": f"{text}（{region_labels.get(units[0][1], '')}）"})
        return units[0][0]

    def _resolve_batch(self, text):
        pk = self._batches()[0].get(_squash(text))
        if pk is None:
            raise CellError(_("未找到批次“%s”，应写作 项目名称 第N批（见模板下拉列表）") % text)
        return pk

    def _resolve_expertise(self, text):
        pk = self._expertise()[0].get(text)
        if pk is None:
            raise CellError(
                _("“%s”不是系统中的专业领域（请从模板“选项”表中选择，或请组织部先添加）") % text)
        return pk
