"""What can be imported and exported, one class per kind: its columns (the API's field names
under Chinese headers), its natural key, how a stored record reads as a row, and the service
step each row goes through — the same steps, checks and scoping as the API and the pages.

A row whose values equal the stored record's is unchanged and touches nothing; a row that
names an existing record changes only the columns that differ.
"""
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from accounts.choices import Role
from cadres.choices import (
    CadreStatus,
    Degree,
    Education,
    Ethnicity,
    Gender,
    PoliticalStatus,
    ProfessionalTitle,
    Rank,
    ReserveLevel,
)
from cadres.id_numbers import facts_of
from cadres.masking import (
    RECORD_FIELDS,
    mask_birth_date,
    mask_id_number,
    mask_phone,
    reads_unmasked,
)
from cadres.models import Cadre, Relation
from core.exceptions import InvalidInput, RuleBroken
from core.roles import acts_as
from placements.choices import (
    INACTIVE_NOMINATION_STATUSES,
    AppraisalKind,
    Direction,
    Grade,
    NominationStatus,
    OrderStatus,
    PlacementStatus,
)
from placements.models import DemandOrder, Nomination, Placement
from programs.choices import Level, UnitKind
from programs.models import Region, Track, Unit

from .fields import (
    LIST_SEPARATORS,
    NO,
    BirthDate,
    Boolean,
    CellError,
    Choice,
    Date,
    IdNumber,
    Integer,
    Masked,
    Phone,
    Ref,
    RefList,
    Relatives,
    Text,
)

ID = Integer("id", L("编号"), help=L("系统编号：导出时填写；新增记录留空"), width=8)


class Kind:
    key = ""
    label = ""
    model = None
    roles: tuple = (Role.ORG_STAFF,)
    columns: list = []
    # Columns written on export but never imported (a status moves only by its step).
    read_only: list = []
    natural_key: tuple = ()

    def __init__(self, user, lookups):
        self.user, self.lookups = user, lookups

    @classmethod
    def may_import(cls, user) -> bool:
        return user.is_superuser or acts_as(user, *cls.roles)

    @classmethod
    def all_columns(cls):
        return [ID, *cls.columns, *cls.read_only]

    def queryset(self):
        return self.model.objects.visible_to(self.user)

    def prefetch(self, rows):
        """Read the records the rows name in a few queries (rows: parsed values)."""

    def complete(self, values):
        """Fill what a blank cell stands for, before the row is compared with the record."""
        return values

    # A kind with check_new(values) → entry and create_many(entries) checks its new rows one
    # by one with the service's rules and writes them all at once (see running._row).
    check_new = None

    def finish(self):
        """After a pass, outside its transaction."""

    def find(self, values):
        if values.get("id"):
            obj = self.queryset().filter(pk=values["id"]).first()
            if obj is None:
                raise CellError(_("编号为%d的记录不存在或无权修改") % values["id"], "id")
            return obj
        return self.find_by_key(values)

    def find_by_key(self, values):
        return None

    def current(self, obj) -> dict:
        """The record as parsed values of its columns (for comparing and exporting)."""
        raise NotImplementedError

    def create(self, values):
        raise NotImplementedError

    def update(self, obj, changes):
        raise NotImplementedError

    def export_queryset(self, qs):
        return qs

    def row_of(self, obj) -> list:
        values = {"id": obj.pk, **self.current(obj)}
        return [col.render(values.get(col.name), self.lookups) for col in self.all_columns()]


# --- regions ----------------------------------------------------------------------------
class RegionImport(Kind):
    """Regions of the national directory, by code: the system's administrators add what an
    edition lacks (townships, a new county) or correct a name or a flag. A whole edition,
    with its retired codes, is `manage.py load_regions`."""

    key, label, model = "regions", L("行政区划"), Region
    roles = ()  # reference data: superusers only (Kind.may_import)
    columns = [
        # The example names no real region (a row edited but left would overwrite one).
        Text("code", L("区划代码"), required=True, max_length=12, example="999999", width=10,
             help=L("6位（县级及以上）或9位（乡镇）代码")),
        Text("name", L("名称"), required=True, max_length=50, example="示例区划（请删除本行）",
             width=14),
        Choice("level", L("层级"), required=True, choices=Level, example=str(Level.COUNTY.label)),
        Ref("parent", L("上级区划"), kind="region", example="330800",
            help=L("上级区划的代码或名称")),
        Boolean("is_mountain_island", L("山区海岛县"), example=str(NO)),
        Boolean("is_key_assistance", L("重点帮扶"), example=str(NO)),
    ]
    natural_key = ("code",)

    def queryset(self):
        return Region.objects.visible_to(self.user).current()

    def find_by_key(self, values):
        return self.queryset().filter(code=values["code"]).first()

    def current(self, obj):
        return {"code": obj.code, "name": obj.name, "level": obj.level,
                "parent": obj.parent_id, "is_mountain_island": obj.is_mountain_island,
                "is_key_assistance": obj.is_key_assistance}

    def create(self, values):
        from programs.services import save_region

        return save_region(self.user, Region(**_ids(values, ("parent",))))

    def update(self, obj, changes):
        from programs.services import save_region

        if "code" in changes:
            raise CellError(_("区划代码不能修改；代码变更请用新版区划表（load_regions）"), "code")
        for name, value in _ids(changes, ("parent",)).items():
            setattr(obj, name, value)
        return save_region(self.user, obj)


# --- units ------------------------------------------------------------------------------
class UnitKindImport(Kind):
    key, label, model = "units", L("单位"), Unit
    columns = [
        # The example row names no real unit: a real row equal to it would be left out.
        Text("name", L("单位名称"), required=True, example="示例单位（请删除本行）", width=28),
        Choice("kind", L("单位类别"), required=True, choices=UnitKind,
               example=str(UnitKind.PROVINCIAL_ORGAN.label)),
        Choice("level", L("层级"), required=True, choices=Level, example=str(Level.PROVINCE.label)),
        Ref("region", L("所在区划"), required=True, kind="region", example="浙江省",
            help=L("区划名称、全称或6位区划代码")),
        Ref("parent", L("上级单位"), kind="unit", width=24),
        Integer("leadership_size", L("领导班子职数"),
                help=L("用于“同一领导班子交流不超过一定比例”；不限可留空")),
    ]
    natural_key = ("name", "region")

    def find_by_key(self, values):
        return Unit.objects.filter(name=values["name"], region=values["region"]).first()

    def current(self, obj):
        return {"name": obj.name, "kind": obj.kind, "level": obj.level,
                "region": obj.region_id, "parent": obj.parent_id,
                "leadership_size": obj.leadership_size}

    def create(self, values):
        from programs.services import save_unit

        return save_unit(self.user, Unit(**_ids(values, ("region", "parent"))))

    def update(self, obj, changes):
        from programs.services import save_unit

        for name, value in _ids(changes, ("region", "parent")).items():
            setattr(obj, name, value)
        return save_unit(self.user, obj)


# --- cadres -----------------------------------------------------------------------------
class CadreImport(Kind):
    key, label, model = "cadres", L("干部"), Cadre
    roles = (Role.ORG_STAFF, Role.DISPATCHING)
    columns = [
        # The example is no one: its ID number fails the check digit, its unit does not
        # exist, so a row edited but left is refused rather than imported.
        Text("name", L("姓名"), required=True, max_length=50, example="示例干部（请删除本行）",
             width=10),
        IdNumber("id_number", L("身份证号码"), required=True, example="330102198503150017",
                 help=L("18位，末位X大写；全角数字和空格会自动转换"), width=21),
        Choice("gender", L("性别"), choices=Gender, example=str(Gender.MALE.label),
               help=L("留空按身份证号码"), width=6),
        BirthDate("birth_date", L("出生日期"), example="1985-03-15", help=L("留空按身份证号码")),
        Phone("phone", L("手机号码"), example="13800000000", width=13),
        Choice("political_status", L("政治面貌"), choices=PoliticalStatus,
               example=str(PoliticalStatus.CPC_MEMBER.label)),
        Choice("education", L("学历"), choices=Education, example=str(Education.MASTER.label)),
        Choice("rank", L("职级"), choices=Rank, example=str(Rank.DIVISION_DEPUTY.label)),
        Choice("professional_title", L("职称"), choices=ProfessionalTitle,
               example=str(ProfessionalTitle.NONE.label)),
        Ref("employer", L("工作单位"), required=True, kind="unit", example="示例单位（请删除本行）",
            width=24),
        Text("position", L("现任职务"), max_length=100, example="处长"),
        RefList("expertise", L("专业领域"), kind="expertise", example="农业",
                help=L("多个用、分隔")),
        Ref("native_place", L("籍贯"), kind="region", example="杭州市",
            help=L("区划名称、全称或6位区划代码")),
        RefList("former_units", L("曾任职单位"), kind="unit", help=L("多个用、分隔"), width=24),
        Relatives("relations", L("亲属"), help=L("姓名/关系/工作单位，多人用；分隔"), width=28),
        # What every 干部任免审批表 and roster carries.
        Choice("ethnicity", L("民族"), choices=Ethnicity, example=str(Ethnicity.HAN.label)),
        Date("work_start_date", L("参加工作时间"), example="2007-07-01"),
        Date("party_join_date", L("入党时间"), example="2006-06-01",
             help=L("中共党员填入党时间；民主党派成员填加入时间")),
        Choice("fulltime_education", L("全日制学历"), choices=Education,
               example=str(Education.BACHELOR.label)),
        Choice("fulltime_degree", L("全日制学位"), choices=Degree,
               example=str(Degree.BACHELOR.label)),
        Text("fulltime_school", L("全日制毕业院校及专业"), max_length=100,
             example="浙江大学农业经济管理专业", width=24),
        Choice("inservice_education", L("在职学历"), choices=Education),
        Choice("inservice_degree", L("在职学位"), choices=Degree),
        Text("inservice_school", L("在职毕业院校及专业"), max_length=100, width=24),
        Date("current_post_date", L("任现职时间"), example="2021-03-01"),
        Date("current_rank_date", L("任现职级时间"), example="2020-12-01"),
        Boolean("is_reserve", L("后备干部"), example=str(NO)),
        Choice("reserve_level", L("后备层级"), choices=ReserveLevel),
    ]
    read_only = [Choice("status", L("状态"), choices=CadreStatus)]
    natural_key = ("id_number",)
    DEFAULTS = {"political_status": PoliticalStatus.CPC_MEMBER, "education": Education.BACHELOR,
                "rank": Rank.NONE, "professional_title": ProfessionalTitle.NONE}

    def __init__(self, user, lookups):
        super().__init__(user, lookups)
        self._by_number, self._registered, self.unavailable = {}, {}, 0

    def queryset(self):
        return Cadre.objects.visible_to(self.user)

    def export_queryset(self, qs):
        return qs.select_related(None).prefetch_related(
            "expertise", "former_units", Prefetch("relations", Relation.objects.order_by()))

    def prefetch(self, rows):
        from cadres.services import registered_numbers

        numbers = [v["id_number"] for v in rows if isinstance(v.get("id_number"), str)
                   and not isinstance(v["id_number"], Masked)]
        self._registered = registered_numbers(numbers)
        for start in range(0, len(numbers), 2000):
            for cadre in self.export_queryset(self.queryset().filter(
                    id_number__in=numbers[start:start + 2000])):
                self._by_number[cadre.id_number] = cadre

    def find_by_key(self, values):
        number = values["id_number"]
        if isinstance(number, Masked):
            raise CellError(
                _("身份证号码已脱敏（含*），请填写完整号码，或保留导出文件中的“编号”列"),
                "id_number")
        return self._by_number.get(number)

    def current(self, obj):
        # The same masking as the API and the pages (cadres.masking): an export for a masked
        # reader carries neither the ID number, the phone nor the birth date whole.
        personal = ({"id_number": obj.id_number, "phone": obj.phone,
                     "birth_date": obj.birth_date}
                    if reads_unmasked(self.user, obj) else
                    {"id_number": Masked(mask_id_number(obj.id_number)),
                     "phone": Masked(mask_phone(obj.phone)) if obj.phone else "",
                     "birth_date": Masked(mask_birth_date(obj.birth_date))
                     if obj.birth_date else None})
        # The record's personal entries: whole for those who read them, blank for the others
        # (who therefore never change them by re-importing their export: update refuses).
        record = ({name: getattr(obj, name) for name in RECORD_FIELDS}
                  if reads_unmasked(self.user, obj) else
                  {**dict.fromkeys(RECORD_FIELDS, None), "ethnicity": "",
                   "reserve_level": "", "is_reserve": False})
        return {
            "name": obj.name, "gender": obj.gender, **personal, **record,
            "fulltime_education": obj.fulltime_education,
            "fulltime_degree": obj.fulltime_degree, "fulltime_school": obj.fulltime_school,
            "inservice_education": obj.inservice_education,
            "inservice_degree": obj.inservice_degree, "inservice_school": obj.inservice_school,
            "current_post_date": obj.current_post_date,
            "current_rank_date": obj.current_rank_date,
            "political_status": obj.political_status, "education": obj.education,
            "rank": obj.rank, "professional_title": obj.professional_title,
            "employer": obj.employer_id, "position": obj.position,
            "expertise": frozenset(e.pk for e in obj.expertise.all()),
            "native_place": obj.native_place_id,
            "former_units": frozenset(u.pk for u in obj.former_units.all()),
            "relations": frozenset((r.name, r.relation, r.unit_id) for r in obj.relations.all()),
            "status": obj.status,
        }

    def complete(self, values):
        """Blank gender and birth date read from the ID number; other blank choices take the
        same defaults as the form, so a blank cell compares equal to the stored default."""
        number = values.get("id_number")
        if isinstance(number, str) and not isinstance(number, Masked):
            for name, value in facts_of(number).items():
                if name in values and not values[name]:
                    values[name] = value
        for name, default in self.DEFAULTS.items():
            if name in values and not values[name]:
                values[name] = default
        return values

    def check_new(self, values):
        """A new cadre checked by the service's rules (cadres.services.check_cadre) without
        writing: thousands of new rows are then registered at once (create_many)."""
        from cadres.services import check_cadre

        values = self.complete({"gender": "", "birth_date": None, **values})
        for name in ("id_number", "phone", "birth_date"):
            if isinstance(values.get(name), Masked):
                raise CellError(_("新登记的干部须填写完整的身份证号码、手机号码和出生日期"), name)
        m2m = {name: values.pop(name, None) for name in ("expertise", "former_units",
                                                         "relations")}
        values.pop("id", None)
        scalars = {k: v for k, v in values.items() if v is not None}
        cadre = Cadre(**_ids(scalars, ("employer", "native_place")))
        try:
            check_cadre(self.user, cadre, registered=self._registered, refs_checked=True)
        except InvalidInput as exc:
            self.unavailable += exc.code == "id_number_unavailable"
            raise
        many = self._many(m2m)
        return cadre, many["expertise"], many["former_units"], many["relations"]

    def create_many(self, entries):
        from cadres.services import register_cadres

        register_cadres(self.user, entries)

    def finish(self):
        """Numbers registered out of the user's scope were asked for: that goes into the
        security log, as the form's attempt does."""
        if self.unavailable:
            from accounts.security import record

            record("permission_denied", user=self.user, reason="id_number_out_of_scope",
                   rows=self.unavailable)

    def update(self, obj, changes):
        from cadres.services import save_cadre

        if not reads_unmasked(self.user, obj) and {"id_number", "phone", "birth_date"} & set(
                changes):
            raise CellError(_("身份证号码、手机号码、出生日期已登记，如需修改请联系组织部"),
                            "id_number")
        withheld = sorted(set(RECORD_FIELDS) & set(changes))
        if not reads_unmasked(self.user, obj) and withheld:
            raise CellError(_("民族、参加工作时间、入党时间、后备干部信息已登记，"
                              "如需修改请联系组织部"), withheld[0])
        m2m = {name: changes.pop(name, None) for name in ("expertise", "former_units",
                                                          "relations")}
        for name, value in _ids(changes, ("employer", "native_place")).items():
            setattr(obj, name, value)
        return save_cadre(self.user, obj, **self._many(m2m))

    @staticmethod
    def _many(m2m):
        relations = m2m["relations"]
        return {
            "expertise": None if m2m["expertise"] is None else list(m2m["expertise"]),
            "former_units": None if m2m["former_units"] is None else list(m2m["former_units"]),
            "relations": None if relations is None else [
                {"name": n, "relation": r, "unit_id": u} for n, r, u in sorted(relations)],
        }


# --- demand orders ------------------------------------------------------------------------
UNIT_KIND = Choice("kind", L("单位类别"), choices=UnitKind)


class UnitKinds(RefList):
    """The unit kinds an order prefers, by their labels."""

    def parse_text(self, text, lookups):
        return frozenset(UNIT_KIND.parse_text(part.strip(), lookups)
                         for part in LIST_SEPARATORS.split(text) if part.strip())

    def render(self, value, lookups):
        order = list(UnitKind.values)
        return "、".join(str(UnitKind(v).label) for v in sorted(value or (), key=order.index))


class OrderImport(Kind):
    key, label, model = "orders", L("需求订单"), DemandOrder
    columns = [
        Ref("batch", L("批次"), required=True, kind="batch", width=26),
        Ref("receiving_unit", L("接收单位"), required=True, kind="unit", example="遂昌县人民政府",
            width=24),
        Text("title", L("需求名称"), required=True, example="乡村产业振兴专才", width=24),
        Text("post_title", L("拟挂任职务"), required=True, max_length=100, example="挂职副县长"),
        RefList("expertise", L("所需专业领域"), kind="expertise", example="农业",
                help=L("多个用、分隔")),
        UnitKinds("preferred_unit_kinds", L("优先派出单位类别"), kind="unit_kind",
                  example=str(UnitKind.UNIVERSITY.label), help=L("多个用、分隔")),
        Integer("headcount", L("需求人数"), required=True, minimum=1, example=1, width=8),
        Integer("term_months", L("挂职期限（月）"), minimum=1, example=24, width=8),
        Text("description", L("需求说明"), max_length=5000, width=30),
        Boolean("publish", L("直接审核发布"), help=L("填“是”时导入后即提交并审核发布"),
                example=str(L("否"))),
    ]
    read_only = [Choice("status", L("状态"), choices=OrderStatus)]
    natural_key = ("batch", "receiving_unit", "title")

    def queryset(self):
        return DemandOrder.objects.visible_to(self.user)

    def export_queryset(self, qs):
        return qs.prefetch_related("expertise")

    def find_by_key(self, values):
        return self.queryset().filter(batch=values["batch"], receiving_unit=values[
            "receiving_unit"], title=values["title"]).first()

    def current(self, obj):
        return {"batch": obj.batch_id, "receiving_unit": obj.receiving_unit_id,
                "title": obj.title, "post_title": obj.post_title,
                "expertise": frozenset(e.pk for e in obj.expertise.all()),
                "preferred_unit_kinds": frozenset(obj.preferred_unit_kinds or ()),
                "headcount": obj.headcount, "term_months": obj.term_months,
                "description": obj.description,
                "publish": obj.status not in ("draft", "returned", "submitted"),
                "status": obj.status}

    def _fields(self, values):
        fields = {k: v for k, v in values.items() if k in (
            "title", "post_title", "headcount", "term_months", "description")}
        if "preferred_unit_kinds" in values:
            fields["preferred_unit_kinds"] = sorted(values["preferred_unit_kinds"])
        if fields.get("term_months") is None:
            fields.pop("term_months", None)
        return fields

    def create(self, values):
        from placements.services import orders
        from programs.models import Batch

        order = orders.create_order(
            self.user, Batch.objects.select_related("program").get(pk=values["batch"]),
            Unit.objects.get(pk=values["receiving_unit"]),
            expertise=list(values.get("expertise") or ()), **self._fields(values))
        if values.get("publish"):
            self._publish(order)
        return order

    def update(self, obj, changes):
        from placements.services import orders

        publish = changes.pop("publish", None)
        if {"batch", "receiving_unit"} & set(changes):
            raise CellError(_("批次和接收单位不能修改，请新增一条需求"), "batch")
        if changes:
            expertise = changes.pop("expertise", None)
            obj = orders.update_order(obj, self.user, expertise=None if expertise is None
                                      else list(expertise), **self._fields(changes))
        if publish:
            self._publish(obj)
        elif publish is False and obj.status not in ("draft", "returned", "submitted"):
            raise RuleBroken(_("已发布的需求不能撤回为草稿"), code="illegal_transition")
        return obj

    def _publish(self, order):
        from placements.services import orders

        if order.status in ("draft", "returned"):
            order = orders.submit_order(order, self.user)
        if order.status == "submitted":
            order = orders.approve_order(order, self.user)
        return order


# --- cadres named by ID number (nominations, placements) ----------------------------------
class CadreRows(Kind):
    """A kind whose rows name a cadre by ID number (and name, checked against it)."""

    cadre_columns = [
        IdNumber("cadre", L("身份证号码"), required=True, example="330102198503150017",
                    width=21),
        Text("cadre_name", L("姓名"), max_length=50, example="张三", width=10,
             help=L("与身份证号码核对，防止错行")),
    ]

    def __init__(self, user, lookups):
        super().__init__(user, lookups)
        self._cadres = {}

    def prefetch(self, rows):
        numbers = [v["cadre"] for v in rows if isinstance(v.get("cadre"), str)
                   and not isinstance(v["cadre"], Masked)]
        for start in range(0, len(numbers), 2000):
            for cadre in Cadre.objects.visible_to(self.user).filter(
                    id_number__in=numbers[start:start + 2000]).select_related("employer"):
                self._cadres[cadre.id_number] = cadre

    def cadre(self, values):
        number = values["cadre"]
        if isinstance(number, Masked):
            raise CellError(_("身份证号码已脱敏（含*），请填写完整号码"), "cadre")
        cadre = self._cadres.get(number)
        if cadre is None:
            raise CellError(_("未找到身份证号码为%s的干部（或无权查看），请先导入干部") % number,
                            "cadre")
        name = values.get("cadre_name")
        if name and name != cadre.name:
            raise CellError(_("姓名“%(typed)s”与该身份证号码登记的干部“%(name)s”不一致")
                            % {"typed": name, "name": cadre.name}, "cadre_name")
        return cadre

    def cadre_values(self, cadre):
        number = (cadre.id_number if reads_unmasked(self.user, cadre)
                  else Masked(mask_id_number(cadre.id_number)))
        return {"cadre": number, "cadre_name": cadre.name}


class NominationImport(CadreRows):
    key, label, model = "nominations", L("推荐"), Nomination
    columns = [
        *CadreRows.cadre_columns,
        Ref("batch", L("批次"), required=True, kind="batch", width=26),
        Integer("order", L("需求订单编号"), help=L("自主对接的需求订单编号；推荐到批次则留空")),
        Text("note", L("推荐理由"), max_length=2000, width=30),
        Boolean("declared", L("已确认资格条件"), example=str(NO),
                help=L("填“是”表示派出单位已确认项目要求确认的各项资格条件")),
    ]
    read_only = [
        Ref("dispatching_unit", L("派出单位"), kind="unit", width=24),
        Choice("status", L("状态"), choices=NominationStatus),
    ]
    natural_key = ("cadre", "batch")

    def export_queryset(self, qs):
        return qs.select_related("cadre")

    def find_by_key(self, values):
        cadre = self.cadre(values)
        return (self.queryset().filter(cadre=cadre, batch=values["batch"])
                .exclude(status__in=INACTIVE_NOMINATION_STATUSES).first())

    def current(self, obj):
        return {**self.cadre_values(obj.cadre), "batch": obj.batch_id, "order": obj.order_id,
                "note": obj.note, "dispatching_unit": obj.dispatching_unit_id,
                "status": obj.status,
                "declared": any(r.get("how") == "confirmed" for r in obj.eligibility)}

    def create(self, values):
        from placements.services.eligibility import rules_to_confirm_for
        from placements.services.nominations import nominate
        from programs.models import Batch

        batch = Batch.objects.select_related("program").get(pk=values["batch"])
        declared = ([rule.pk for rule in rules_to_confirm_for(Batch.objects.filter(pk=batch.pk))]
                    if values.get("declared") else [])
        return nominate(self.user, self.cadre(values), batch, order=_order(self.user, values),
                        note=values.get("note") or "", declarations=declared)

    def update(self, obj, changes):
        changes.pop("cadre_name", None)
        if changes:
            raise RuleBroken(_("该干部已推荐到本批次；如需改为其他需求订单，请先撤回原推荐"),
                             code="already_nominated")
        return obj


def _order(user, values):
    if not values.get("order"):
        return None
    order = DemandOrder.objects.visible_to(user).filter(pk=values["order"]).first()
    if order is None:
        raise CellError(_("未找到编号为%d的需求订单（或无权查看）") % values["order"], "order")
    return order


# --- placements ---------------------------------------------------------------------------
STATUS_ORDER = [PlacementStatus.PLANNED, PlacementStatus.TRAINING, PlacementStatus.ON_POST,
                PlacementStatus.COMPLETED]


class PlacementImport(CadreRows):
    key, label, model = "placements", L("挂职"), Placement
    columns = [
        *CadreRows.cadre_columns,
        Ref("batch", L("批次"), required=True, kind="batch", width=26),
        Ref("home_unit", L("派出单位"), kind="unit", help=L("留空为干部的工作单位"), width=24),
        Ref("host_unit", L("接收单位"), required=True, kind="unit", example="遂昌县人民政府",
            width=24),
        Text("post_title", L("挂任职务"), required=True, max_length=100, example="挂职副县长"),
        Choice("direction", L("挂职方向"), choices=Direction, help=L("留空按两单位层级判断"),
               example=str(Direction.DOWN.label)),
        Text("track", L("子项目"), max_length=100, help=L("项目有多个子项目时填写")),
        Integer("order", L("需求订单编号")),
        Date("start_date", L("开始日期"), example="2023-01-01", help=L("留空按批次")),
        Date("planned_end_date", L("计划结束日期"), example="2024-12-31", help=L("留空按批次期限")),
        Choice("status", L("状态"), choices=PlacementStatus,
               help=L("留空为待出发；已到岗、已结束的挂职按实际填写"),
               example=str(PlacementStatus.PLANNED.label)),
        Date("actual_end_date", L("实际结束日期")),
        Text("end_reason", L("提前结束原因"), max_length=2000),
        Choice("end_of_term_grade", L("期满考核等次"), choices=Grade,
               help=L("状态为期满返回时必填（接收单位的期满考核）")),
        Date("insured_until", L("保险截止日期")),
    ]
    natural_key = ("cadre", "batch")
    # What a row may change on a stored placement (the service still refuses dates once the
    # placement has started); its status moves forward by the steps.
    EDITABLE = ("post_title", "track", "start_date", "planned_end_date", "insured_until")
    # Blank means "as derived" (the cadre's employer, the batch's term, the levels' direction)
    # for a new placement, and "as it is" for a stored one.
    OPTIONAL = ("home_unit", "direction", "track", "order", "start_date", "planned_end_date",
                "status", "actual_end_date", "end_reason", "end_of_term_grade", "insured_until")

    def complete(self, values):
        return {k: v for k, v in values.items() if k not in self.OPTIONAL or v not in ("", None)}

    def export_queryset(self, qs):
        from placements.models import Appraisal

        return qs.select_related("cadre", "track").prefetch_related(Prefetch(
            "appraisals", Appraisal.objects.filter(kind=AppraisalKind.END_OF_TERM, side="host"),
            to_attr="end_of_term"))

    def find_by_key(self, values):
        return self.queryset().filter(cadre=self.cadre(values), batch=values["batch"]).first()

    def current(self, obj):
        appraisals = getattr(obj, "end_of_term", None)
        if appraisals is None:
            appraisals = list(obj.appraisals.filter(kind=AppraisalKind.END_OF_TERM, side="host"))
        return {**self.cadre_values(obj.cadre), "batch": obj.batch_id,
                "home_unit": obj.home_unit_id, "host_unit": obj.host_unit_id,
                "post_title": obj.post_title, "direction": obj.direction,
                "track": obj.track.name if obj.track_id else "", "order": obj.order_id,
                "start_date": obj.start_date, "planned_end_date": obj.planned_end_date,
                "status": obj.status, "actual_end_date": obj.actual_end_date,
                "end_reason": obj.end_reason,
                "end_of_term_grade": appraisals[0].grade if appraisals else "",
                "insured_until": obj.insured_until}

    def _track(self, batch, name):
        if not name:
            return None
        track = Track.objects.filter(program=batch.program_id, name=name).first()
        if track is None:
            names = "、".join(Track.objects.filter(program=batch.program_id)
                             .values_list("name", flat=True))
            raise InvalidInput(_("项目中没有子项目“%(name)s”（可选：%(names)s）")
                               % {"name": name, "names": names}, fields={"track": [name]})
        return track

    def create(self, values):
        from placements.services import create_placement
        from programs.models import Batch

        cadre = self.cadre(values)
        batch = Batch.objects.select_related("program").get(pk=values["batch"])
        units = Unit.objects.select_related("region").in_bulk(
            [values["host_unit"], values.get("home_unit") or cadre.employer_id])
        placement = create_placement(
            self.user, cadre, batch, units[values.get("home_unit") or cadre.employer_id],
            units[values["host_unit"]], values["post_title"], order=_order(self.user, values),
            track=self._track(batch, values.get("track")), direction=values.get("direction"),
            start_date=values.get("start_date"), planned_end_date=values.get("planned_end_date"))
        if values.get("insured_until"):
            from placements.services import update_placement

            placement = update_placement(placement, self.user,
                                         insured_until=values["insured_until"])
        return self._advance(placement, values)

    def update(self, obj, changes):
        from placements.services import update_placement

        changes.pop("cadre_name", None)
        steps = {k: changes.pop(k) for k in ("status", "actual_end_date", "end_reason",
                                             "end_of_term_grade") if k in changes}
        fixed = [name for name in changes if name not in self.EDITABLE]
        if fixed:
            headers = {c.name: str(c.header) for c in self.columns}
            raise InvalidInput(
                _("%s不能通过导入修改，请在挂职页面办理相应流程") % "、".join(
                    headers[name] for name in fixed),
                code="not_editable", fields={name: [_("不能修改")] for name in fixed})
        if "track" in changes:
            changes["track"] = self._track(obj.batch, changes["track"])
        if changes:
            obj = update_placement(obj, self.user, **changes)
        if steps:
            wanted = {**self.current(obj), **steps}
            obj = self._advance(obj, wanted)
        return obj

    def _advance(self, placement, values):
        """Bring a placement to the row's status by the workflow's steps, as the department
        (which confirms for both units): training, start, the host's end-of-term appraisal,
        end. A status never moves back."""
        from placements.services import appraisals, lifecycle

        target = values.get("status") or PlacementStatus.PLANNED
        rank = {s: i for i, s in enumerate(STATUS_ORDER)}
        rank[PlacementStatus.ENDED_EARLY] = rank[PlacementStatus.COMPLETED]
        if rank[target] < rank[placement.status] or (
                placement.status in (PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY)
                and target != placement.status):
            raise RuleBroken(_("挂职状态不能从“%(from)s”改回“%(to)s”")
                             % {"from": placement.get_status_display(),
                                "to": PlacementStatus(target).label}, code="illegal_transition")
        if target == PlacementStatus.TRAINING and placement.status == PlacementStatus.PLANNED:
            placement = lifecycle.begin_training(placement, self.user)
        if rank[target] >= rank[PlacementStatus.ON_POST] and placement.status in (
                PlacementStatus.PLANNED, PlacementStatus.TRAINING):
            # A row records a start that happened: the host's checklist was not kept here,
            # and the start's event says so (the reason a start with items missing needs).
            placement = lifecycle.confirm_start(
                placement, self.user, reason=_("按导入表登记到岗，接收准备未在系统中逐项确认"))
        if target in (PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY) and (
                placement.status == PlacementStatus.ON_POST):
            end = values.get("actual_end_date")
            if end is None:
                raise InvalidInput(_("已结束的挂职须填写实际结束日期"),
                                   fields={"actual_end_date": [_("必填")]})
            if target == PlacementStatus.COMPLETED:
                grade = values.get("end_of_term_grade")
                if not grade:
                    raise InvalidInput(_("期满返回须填写接收单位的期满考核等次"),
                                       fields={"end_of_term_grade": [_("必填")]})
                if not appraisals.has_end_of_term_appraisal(placement):
                    appraisals.record_appraisal(self.user, placement, AppraisalKind.END_OF_TERM,
                                                grade, side="host")
            placement = lifecycle.confirm_end(placement, self.user, end,
                                              values.get("end_reason") or "")
            if placement.status != target:
                raise InvalidInput(
                    _("实际结束日期%(end)s与状态“%(status)s”不符（计划结束日期%(planned)s）")
                    % {"end": end, "status": PlacementStatus(target).label,
                       "planned": placement.planned_end_date},
                    fields={"actual_end_date": [_("与状态不符")]})
        return placement


def _ids(values, names):
    """Foreign keys by id: `region` → `region_id`."""
    return {(f"{k}_id" if k in names else k): v for k, v in values.items()}


KINDS = {kind.key: kind for kind in (RegionImport, UnitKindImport, CadreImport, OrderImport,
                                     NominationImport, PlacementImport)}
KIND_CHOICES = [(key, kind.label) for key, kind in KINDS.items()]
