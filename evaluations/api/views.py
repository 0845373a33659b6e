"""考核评价 on the API: 述职 (reports-of-duty/), 个别谈话 (talks/) and 民主测评 (ballots/, its
sheets and each cadre's results; the vote itself is the page /vote/<token>/)."""
import segno
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.choices import Role
from core.api.base import ScopedMixin, service_response
from core.exceptions import InvalidInput, NotAllowed, RuleBroken
from placements.models import Placement
from programs.models import Program

from .. import ballots, host_ratings, services
from ..models import Ballot, HostRating, ReportOfDuty, Talk
from . import serializers as s


class ReportOfDutyViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """述职报告：挂职干部本人填写或上传（年度、期满），接收单位、派出单位和组织部查阅。"""

    queryset = ReportOfDuty.objects.all()
    serializer_class = s.ReportOfDutySerializer
    write_roles = (Role.CADRE,)
    filterset_fields = ["placement", "kind", "year"]
    select_related = ("placement__cadre",)
    ordering_fields = ["id", "year"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.write_report(
            data["placement"], self.request.user, data["kind"], data["year"],
            data.get("text", ""), data.get("attachment"))


class TalkViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """个别谈话记录：组织部和挂职双方单位记录、查阅（干部本人不可见）。"""

    queryset = Talk.objects.all()
    serializer_class = s.TalkSerializer
    write_roles = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING)
    filterset_fields = ["placement"]
    select_related = ("placement__cadre",)
    ordering_fields = ["id", "held_on"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.record_talk(
            data["placement"], self.request.user, data["held_on"], data["interviewee"],
            data["summary"])


def sheet_rows(request, ballot, placement=None):
    """Each sheet's voting link and QR code (SVG), by placement and group."""
    sheets = ballot.sheets.select_related("group", "placement__cadre").order_by(
        "placement__cadre__name", "placement", "group__position", "pk")
    if placement is not None:
        sheets = sheets.filter(placement=placement)
    rows = []
    for sheet in sheets:
        url = request.build_absolute_uri(reverse("evaluations:vote", args=[sheet.token]))
        rows.append({"placement": sheet.placement_id, "cadre": sheet.placement.cadre.name,
                     "group": sheet.group.name, "used": sheet.used, "url": url,
                     "qr_svg": segno.make(url, error="m").svg_data_uri(scale=3)})
    return rows


class BallotViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """民主测评：组织部发起（一个挂职或整个批次），设测评项目、评议群体（权重合计100、每人发票数）、
    起止时间和试投模式；票为一次性链接和二维码，不记投票人；截止后逐人查看结果，不排名。"""

    queryset = Ballot.objects.all()
    serializer_class = s.BallotSerializer
    write_roles = (Role.ORG_STAFF, Role.RECEIVING)
    filterset_fields = ["placement", "batch"]
    prefetch_related = ("groups",)
    ordering_fields = ["id", "opens_at"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = ballots.open_ballot(
            self.request.user, title=data["title"], opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            groups=[dict(g) for g in data["groups"]] if data.get("groups") else None,
            placement=data.get("placement"), batch=data.get("batch"),
            items=data.get("items"), test_mode=data.get("test_mode", False),
            copy_from=data.get("copy_from"))

    @extend_schema(parameters=[s.ResultsQuerySerializer], responses={200: {"type": "array"}})
    @action(detail=True, methods=["get"])
    def sheets(self, request, pk=None):
        """测评票：每张票的链接和二维码（SVG），按挂职和评议群体（仅组织部）。"""
        ballot = get_object_or_404(self.get_queryset(), pk=pk)
        ballots.check_manage_ballot(request.user, ballot)
        query = s.ResultsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        placement = query.validated_data.get("placement") or ballot.placement_id
        if placement is None:
            # A batch's sheets are thousands of QR codes: printed cadre by cadre.
            raise InvalidInput("批次测评的测评票按挂职打印，请指定 placement",
                               code="placement_required")
        return Response(sheet_rows(request, ballot, placement))

    @extend_schema(parameters=[s.ResultsQuerySerializer], responses={200: {"type": "object"}})
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """一名干部的测评结果：各项目、各群体的等次分布或平均分，按权重汇总，参评率（截止后）。"""
        # `placement` names the cadre here, not a filter of the ballots.
        ballot = get_object_or_404(self.get_queryset(), pk=pk)
        query = s.ResultsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        placement_id = query.validated_data.get("placement") or ballot.placement_id
        if placement_id is None:
            raise InvalidInput("批次测评须指定挂职（placement）：结果逐人查看，不排名",
                               code="placement_required")
        placement = get_object_or_404(Placement.objects.visible_to(request.user).select_related(
            "cadre", "batch__program"), pk=placement_id)
        ballots.check_read_results(request.user, ballot, placement)
        return Response(ballots.results(ballot, placement))

    @extend_schema(responses={200: {"type": "array"}})
    @action(detail=True, methods=["get"])
    def votes(self, request, pk=None):
        """原始票（截止后，只读）：群体和答案，不含任何可追溯投票人的信息。"""
        ballot = self.get_object()
        ballots.check_manage_ballot(request.user, ballot)
        if ballot.state != "closed":
            raise RuleBroken("测评截止后才能查看原始票", code="ballot_open")
        # Sorted by what they say, not by when they came: the order of arrival stays unread.
        rows = ballot.votes.filter(is_test=False).order_by(
            "placement", "group__position", "answers").values(
            "placement", "group__name", "answers")
        return Response([{"placement": r["placement"], "group": r["group__name"],
                          "answers": r["answers"]} for r in rows])

    @extend_schema(request=None, responses=s.BallotSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """提前截止。"""
        return service_response(ballots.close_ballot(self.get_object(), request.user),
                                s.BallotSerializer, request)

    @extend_schema(request=None, responses=s.BallotSerializer)
    @action(detail=True, methods=["post"], url_path="go-live")
    def go_live(self, request, pk=None):
        """结束试投：清除试投的票，正式开始。"""
        return service_response(ballots.go_live(self.get_object(), request.user),
                                s.BallotSerializer, request)


class HostRatingViewSet(viewsets.ViewSet):
    """双向评价：挂职干部期满时匿名评价接收单位的支持（工作安排、条件、关心帮助，1—5分），每人一次；
    组织部按接收单位汇总查看，满3人作答才显示，不显示个人的评价。"""

    permission_classes = [IsAuthenticated]
    serializer_class = s.HostRatingSerializer
    queryset = HostRating.objects.none()  # named for the router; the rows are aggregates

    @extend_schema(parameters=[s.ProgramQuerySerializer],
                   responses=s.HostRatingRowSerializer(many=True))
    def list(self, request):
        if request.user.role not in (Role.ORG_STAFF, Role.MANAGER) and \
                not request.user.is_superuser:
            raise NotAllowed("双向评价的汇总由组织部查阅")
        programs = Program.objects.visible_to(request.user)
        query = s.ProgramQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if query.validated_data.get("program"):
            programs = programs.filter(pk=query.validated_data["program"])
        return Response(host_ratings.by_host_unit(programs))

    @extend_schema(request=s.HostRatingSerializer, responses={201: None})
    def create(self, request):
        serializer = s.HostRatingSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        host_ratings.rate_host(placement, request.user, **data)
        # Nothing of the answer comes back: it is no longer the cadre's to read.
        return Response({"ok": True}, status=201)
