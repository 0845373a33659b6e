from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.choices import Role
from cadres.models import Cadre
from core.api.base import (
    ReadOnlyScopedViewSet,
    ScopedMixin,
    ScopedViewSet,
    payload,
    service_response,
)
from core.api.bulk import BulkResponseSerializer, BulkSerializer, run_each
from core.api.history import HistoryMixin
from core.api.lookup import LookupMixin
from core.pinyin import matches
from programs.api.serializers import BatchSerializer
from programs.api.views import BatchViewSet as BaseBatchViewSet
from programs.api.views import ProgramChildViewSet
from programs.models import Unit

from .. import filtersets, services
from ..history import order_history, placement_history
from ..models import (
    Agreement,
    DemandOrder,
    EligibilityRule,
    Nomination,
    Offer,
    Placement,
)
from ..services.matching import check_confirm_matches
from ..services.permissions import require_department_staff
from . import serializers as s
from .term import PlacementTermActions


class BatchViewSet(BaseBatchViewSet):
    @extend_schema(request=None, responses=s.MatchBoardSerializer)
    @action(detail=True, methods=["get", "post"])
    def match(self, request, pk=None):
        """POST：重新生成本批次的对接方案（不改变批次状态）；GET：查看当前方案。两者都列出
        未获方案的推荐人选和仍有空缺的订单，并说明原因。"""
        batch = self.get_object()
        if request.method == "POST":
            services.run_matching(batch, request.user)
        else:
            check_confirm_matches(request.user, batch)
        return Response(s.MatchBoardSerializer(services.matching_board(batch)).data)

    @extend_schema(request=s.SecondRoundSerializer, responses=s.OfferSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="second-round")
    def second_round(self, request, pk=None):
        """补充匹配：把仍有空缺的岗位逐一邀请给未获选派的合适人选，经派出单位在期限内答复。"""
        data = payload(s.SecondRoundSerializer, request)
        offers = services.open_second_round(self.get_object(), request.user, data["days"])
        rows = Offer.objects.filter(pk__in=[o.pk for o in offers]).select_related(
            "nomination__cadre", "order__receiving_unit")
        return Response(s.OfferSerializer(rows, many=True).data, status=201)

    @extend_schema(request=None, responses={200: {"type": "object"}})
    @action(detail=True, methods=["get"])
    def balance(self, request, pk=None):
        """批次结构（仅组织部）：推荐人选、待确认方案和已选派人员中女性、少数民族、党外、后备干部
        所占比例及年龄段分布，对照项目的结构目标；以及按志愿选派的情况。不对个人排序。"""
        from ..balance import batch_balance

        batch = self.get_object()
        require_department_staff(request.user, batch.program)
        return Response(batch_balance(batch))

    @extend_schema(request=None, responses={200: {"type": "object"}})
    @action(detail=True, methods=["get"])
    def readiness(self, request, pk=None):
        """接收准备（仅组织部）：本批次尚未到岗的每个挂职还缺哪些准备事项，以及各事项缺的人数。"""
        batch = self.get_object()
        require_department_staff(request.user, batch.program)
        return Response(services.batch_readiness(batch))

    @extend_schema(request=None, responses=BatchSerializer)
    @action(detail=True, methods=["post"], url_path="finish-matching")
    def finish_matching(self, request, pk=None):
        """结束对接：未选派的推荐人选标为“未选派”并通知派出单位和本人，批次进入“挂职中”。"""
        batch = services.finish_matching(self.get_object(), request.user)
        return Response(BatchSerializer(batch, context={"request": request}).data)

    @extend_schema(request=s.AcceptProposalsSerializer, responses=BulkResponseSerializer)
    @action(detail=True, methods=["post"], url_path="accept-proposals")
    def accept_proposals(self, request, pk=None):
        """确认得分不低于 min_score 的全部待确认方案（逐条确认，某条被拒不影响其他）。"""
        data = payload(s.AcceptProposalsSerializer, request)
        return Response(services.accept_proposals(self.get_object(), request.user,
                                                  data["min_score"]))

    @extend_schema(request=s.ConfirmMatchesSerializer, responses=s.PlacementSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="confirm-matches")
    def confirm_matches(self, request, pk=None):
        """确认、调整或否决对接方案；确认即生成挂职。"""
        data = payload(s.ConfirmMatchesSerializer, request)
        placements = services.confirm_matches(self.get_object(), request.user,
                                              data["proposals"])
        return Response(s.PlacementSerializer(placements, many=True,
                                              context={"request": request}).data)


class DemandOrderViewSet(LookupMixin, HistoryMixin, ScopedViewSet):
    queryset = DemandOrder.objects.all()
    serializer_class = s.DemandOrderSerializer
    filterset_class = filtersets.DemandOrderFilterSet
    write_roles = (Role.ORG_STAFF, Role.RECEIVING)
    select_related = ("receiving_unit",)
    prefetch_related = ("expertise",)
    ordering_fields = ["id", "submitted_at", "headcount"]
    # Newest first by key (the page's order too): the model's order joins batch and unit.
    ordering = ["-id"]
    lookup_select_related = ("receiving_unit__region", "batch__program")
    lookup_order = ("-id",)

    def lookup_search(self, queryset, text):
        # By the order's title or its receiving unit, characters or pinyin alike: two id
        # sets, each from its own index (an OR over the join scanned every order).
        units = Unit.objects.filter(matches(text)).values("pk")
        by_title = DemandOrder.objects.order_by().filter(matches(text, "title")).values("pk")
        by_unit = DemandOrder.objects.order_by().filter(receiving_unit__in=units).values("pk")
        return queryset.filter(pk__in=by_title.union(by_unit, all=True))

    def lookup_row(self, order):
        return {"id": order.pk, "label": order.title,
                "detail": f"{order.receiving_unit.name} · {order.batch}"}

    def lookup_rows(self, orders, params):
        rows = [self.lookup_row(order) for order in orders]
        if not rows or "for_nomination" not in params:
            return rows
        # Changing a proposal: each order's score and reasons with this nominee, or the rule
        # that forbids the pair, before anyone confirms it.
        nomination = (Nomination.objects.select_related("cadre__employer", "cadre__native_place")
                      .prefetch_related("cadre__expertise", "cadre__former_units",
                                        "cadre__relations")
                      .visible_to(self.request.user).get(pk=params["for_nomination"]))
        prefetch_related_objects(orders, "expertise")
        for row, order in zip(rows, orders, strict=True):
            verdict = services.pair_verdict(nomination.cadre, order, nomination)
            row["detail"] = f"{order.receiving_unit.name} · {verdict}"
        return rows

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        batch, unit = data.pop("batch"), data.pop("receiving_unit")
        serializer.instance = services.create_order(self.request.user, batch, unit,
                                                    expertise=data.pop("expertise", []), **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if {"batch", "receiving_unit"} & set(data) and any(
                data.get(k) != getattr(serializer.instance, k)
                for k in ("batch", "receiving_unit") if k in data):
            raise PermissionDenied("订单的批次和接收单位不能修改")
        data.pop("batch", None)
        data.pop("receiving_unit", None)
        serializer.instance = services.update_order(serializer.instance, self.request.user,
                                                    expertise=data.pop("expertise", None), **data)

    def perform_destroy(self, instance):
        raise PermissionDenied("订单不能删除，请关闭订单")

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """提交订单待审核。"""
        return service_response(services.submit_order(self.get_object(), request.user),
                                s.DemandOrderSerializer, request)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """审核通过并发布订单。"""
        return service_response(services.approve_order(self.get_object(), request.user),
                                s.DemandOrderSerializer, request)

    @extend_schema(request=s.RateFulfilmentSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """期满后接收单位评价需求满足程度（1—5分）。"""
        data = payload(s.RateFulfilmentSerializer, request)
        return service_response(
            services.rate_fulfilment(self.get_object(), request.user, data["rating"],
                                     data["comment"]),
            s.DemandOrderSerializer, request)

    @extend_schema(request=BulkSerializer, responses=BulkResponseSerializer)
    @action(detail=False, methods=["post"], url_path="bulk-approve")
    def bulk_approve(self, request):
        """批量审核发布订单：逐项办理，一项被拒不影响其他项。"""
        data = payload(BulkSerializer, request)
        return Response(run_each(self.get_queryset(), data["ids"],
                                 lambda order: services.approve_order(order, request.user)))

    @extend_schema(request=s.BulkReturnSerializer, responses=BulkResponseSerializer)
    @action(detail=False, methods=["post"], url_path="bulk-return")
    def bulk_return(self, request):
        """批量退回订单（须说明原因）：逐项办理，一项被拒不影响其他项。"""
        data = payload(s.BulkReturnSerializer, request)
        return Response(run_each(
            self.get_queryset(), data["ids"],
            lambda order: services.return_order(order, request.user, data["reason"])))

    @extend_schema(request=s.ReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """退回订单并说明原因。"""
        order = self.get_object()
        data = payload(s.ReturnSerializer, request)
        return service_response(services.return_order(order, request.user, data["reason"]),
                                s.DemandOrderSerializer, request)

    def history_entries(self, order):
        """订单的历史记录：状态变更（操作人、时间、说明）与字段修改记录。"""
        return order_history(order)


    @extend_schema(request=s.RankNomineesSerializer,
                   responses=s.OfferedNomineeSerializer(many=True))
    @action(detail=True, methods=["get", "post"], url_path="rank-nominees")
    def rank_nominees(self, request, pk=None):
        """接收单位对本订单人选的排序：GET 列出填报本订单为志愿、自主对接或被匹配到本订单的
        人选（含其志愿序号）；POST {"nominations": [...]} 按从优到次保存排序。"""
        order = self.get_object()
        if request.method == "POST":
            data = payload(s.RankNomineesSerializer, request)
            order = services.rank_nominees(order, request.user, data["nominations"])
        else:
            from ..services.wishes import check_rank_nominees

            check_rank_nominees(request.user, order)
        ranked = {pk: i + 1 for i, pk in enumerate(order.nominee_ranking or [])}
        rows = services.offered_to(order)
        for n in rows:
            n.choice_rank = (n.choices.index(order.pk) + 1) if order.pk in (n.choices or []) \
                else None
            n.rank = ranked.get(n.pk)
        rows.sort(key=lambda n: (n.rank is None, n.rank or 0, n.pk))
        return Response(s.OfferedNomineeSerializer(rows, many=True).data)


class NominationViewSet(HistoryMixin, ScopedViewSet):
    queryset = Nomination.objects.all()
    serializer_class = s.NominationSerializer
    filterset_class = filtersets.NominationFilterSet
    # Cadres post their wishes (wishes/); nominating is refused to them by the service.
    write_roles = (Role.ORG_STAFF, Role.DISPATCHING, Role.CADRE)
    http_method_names = ["get", "post", "head", "options"]
    select_related = ("cadre",)
    ordering_fields = ["id", "created_at"]

    def perform_create(self, serializer):
        d = serializer.validated_data
        wishes = {k: d[k] for k in ("choices", "available_from", "spouse_rule") if k in d}
        if "spouse_id" in d:
            wishes["spouse"] = d["spouse_id"]
        serializer.instance = services.nominate(self.request.user, d["cadre"], d["batch"],
                                                order=d.get("order"), note=d.get("note", ""),
                                                declarations=d.get("declarations", ()),
                                                **wishes)

    @extend_schema(request=s.WishesSerializer, responses=s.NominationSerializer)
    @action(detail=True, methods=["post"])
    def wishes(self, request, pk=None):
        """填报或修改志愿：至多3个已发布订单（按志愿排序）、可到岗日期、同批次配偶及夫妻安排。
        干部本人或派出单位均可填报；只改所提交的各项。"""
        data = payload(s.WishesSerializer, request)
        return service_response(services.state_wishes(self.get_object(), request.user, **data),
                                s.NominationSerializer, request)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """撤回推荐。"""
        return service_response(services.withdraw_nomination(self.get_object(), request.user),
                                s.NominationSerializer, request)


class PlacementViewSet(PlacementTermActions, HistoryMixin, ScopedViewSet):
    queryset = Placement.objects.all()
    serializer_class = s.PlacementSerializer
    filterset_class = filtersets.PlacementFilterSet
    # Host and home units confirm start and end; creating and editing is the department's.
    base_write_roles = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING)
    select_related = ("cadre", "home_unit", "host_unit")
    ordering_fields = ["start_date", "planned_end_date", "id"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.create_placement(
            self.request.user, data.pop("cadre"), data.pop("batch"), data.pop("home_unit"),
            data.pop("host_unit"), data.pop("post_title"), **data)

    def perform_update(self, serializer):
        serializer.instance = services.update_placement(serializer.instance, self.request.user,
                                                        **serializer.validated_data)

    def perform_destroy(self, instance):
        raise PermissionDenied("挂职不能删除，请提前结束或由组织部更正")

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def training(self, request, pk=None):
        """开始岗前培训。"""
        return service_response(services.begin_training(self.get_object(), request.user),
                                s.PlacementSerializer, request)

    @extend_schema(request=s.PairSerializer, responses=s.PlacementSerializer(many=True))
    @action(detail=True, methods=["post"])
    def pair(self, request, pk=None):
        """与另一挂职结成互派（双向关联；到岗、延期、结束同步进行）。"""
        placement = self.get_object()
        # The role is refused (403) before the partner is looked up in the user's scope.
        require_department_staff(request.user, placement.batch.program)
        data = payload(s.PairSerializer, request)
        partner = get_object_or_404(self.get_queryset(), pk=data["partner"])
        pair = services.link_mutual_pair(placement, partner, request.user)
        return Response(s.PlacementSerializer(pair, many=True,
                                              context={"request": request}).data)

    @extend_schema(request=s.ReplaceSerializer, responses={201: s.PlacementSerializer})
    @action(detail=True, methods=["post"])
    def replace(self, request, pk=None):
        """轮换补派：原挂职提前结束，补派干部接任同一岗位。"""
        data = payload(s.ReplaceSerializer, request)
        cadre = get_object_or_404(Cadre.objects.visible_to(request.user), pk=data["cadre"])
        new = services.replace_cadre(self.get_object(), request.user, cadre, data["start_date"],
                                     data["reason"], data.get("post_title") or None)
        return service_response(new, s.PlacementSerializer, request, code=201)

    def history_entries(self, placement):
        return placement_history(placement)

    @extend_schema(request=s.StartSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """确认到岗（接收单位与派出单位各自确认；组织部可代为双方确认）。"""
        data = payload(s.StartSerializer, request)
        return service_response(
            services.confirm_start(self.get_object(), request.user, data.get("start_date"),
                                   reason=data["reason"]),
            s.PlacementSerializer, request)

    @extend_schema(request=s.ExtendSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """延长挂职期限。"""
        data = payload(s.ExtendSerializer, request)
        return service_response(
            services.extend_placement(self.get_object(), request.user,
                                      data.get("planned_end_date"), data["reason"]),
            s.PlacementSerializer, request)

    @extend_schema(parameters=[s.MonthQuerySerializer], responses=s.MonthViewSerializer)
    @action(detail=True, methods=["get"])
    def month(self, request, pk=None):
        """一个月的纪实日历：已填、请假、缺填、休息日（默认本月）。"""
        query = s.MonthQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        month = query.validated_data.get("month") or timezone.localdate().strftime("%Y-%m")
        view = services.month_view(self.get_object(), month)
        return Response(s.MonthViewSerializer(view).data)

    @extend_schema(request=s.EndSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """结束挂职（期满或提前结束，提前须说明原因）。"""
        data = payload(s.EndSerializer, request)
        return service_response(
            services.confirm_end(self.get_object(), request.user, data["actual_end_date"],
                                 data["reason"]),
            s.PlacementSerializer, request)


class EligibilityRuleViewSet(ProgramChildViewSet):
    """资格条件：项目的推荐资格（组织部设定，推荐时逐项审查）。"""

    queryset = EligibilityRule.objects.all()
    serializer_class = s.EligibilityRuleSerializer
    filterset_class = filtersets.EligibilityRuleFilterSet
    ordering_fields = ["id", "kind"]


class OfferViewSet(ReadOnlyScopedViewSet):
    """补充匹配邀请：派出单位在截止前接受（即生成挂职，不可撤回）或谢绝。"""

    queryset = Offer.objects.all()
    serializer_class = s.OfferSerializer
    filterset_class = filtersets.OfferFilterSet
    write_roles = (Role.ORG_STAFF, Role.DISPATCHING)
    select_related = ("nomination__cadre", "order__receiving_unit")
    ordering_fields = ["id", "expires_at", "created_at"]

    @extend_schema(request=None, responses=s.OfferSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """接受邀请：按所邀岗位生成挂职（具有约束力）。"""
        return service_response(services.accept_offer(self.get_object(), request.user),
                                s.OfferSerializer, request)

    @extend_schema(request=None, responses=s.OfferSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """谢绝邀请：岗位留给下一轮。"""
        return service_response(services.decline_offer(self.get_object(), request.user),
                                s.OfferSerializer, request)


class AgreementViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """挂职任务书：派出单位、接收单位和本人三方确认；变更生成新版本，须三方重新确认。"""

    queryset = Agreement.objects.all()
    serializer_class = s.AgreementSerializer
    filterset_class = filtersets.AgreementFilterSet
    # The parties post their confirmations; who may draft or amend is the service's.
    write_roles = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING, Role.CADRE)
    select_related = ("placement__batch__program", "placement__cadre")
    ordering_fields = ["id", "version"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        if not Placement.objects.visible_to(self.request.user).filter(pk=placement.pk).exists():
            raise Http404
        serializer.instance = services.draft_agreement(self.request.user, placement, **data)

    @extend_schema(request=None, responses=s.AgreementSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """以本方身份（派出单位、接收单位或本人）确认现行版本。"""
        return service_response(services.confirm_agreement(self.get_object(), request.user),
                                s.AgreementSerializer, request)

    @extend_schema(request=s.AmendSerializer, responses=s.AgreementSerializer)
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        """变更（须说明原因）：生成新版本，三方须重新确认。"""
        data = dict(payload(s.AmendSerializer, request))
        reason = data.pop("reason")
        agreement = services.amend_agreement(self.get_object(), request.user, reason, **data)
        return Response(s.AgreementSerializer(agreement, context={"request": request}).data,
                        status=201)
