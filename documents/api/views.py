"""文书 on the API: a placement's documents and the month's allowance sheet in Word or PDF, and
the department's own templates and letterhead."""
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Role
from core.api.base import ScopedMixin, file_download, payload
from placements.models import Placement
from programs.models import Program

from .. import services
from ..defaults import default_template
from ..models import DocumentTemplate, Letterhead
from ..rendering import DOCX_TYPE
from . import serializers as s

CONTENT_TYPES = {"docx": DOCX_TYPE, "pdf": "application/pdf"}


def document_response(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class DocumentTemplateViewSet(ScopedMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
                              viewsets.ReadOnlyModelViewSet):
    """文书模板：组织部上传本单位的Word模板（.docx，不超过5MB，只能使用该文书的占位符）；
    删除即恢复系统默认模板。"""

    queryset = DocumentTemplate.objects.all()
    serializer_class = s.DocumentTemplateSerializer
    write_roles = (Role.ORG_STAFF,)
    ordering_fields = ["id", "kind"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        template = services.upload_template(request.user, data["kind"], data["file"])
        return Response(self.get_serializer(template).data, status=201)

    def perform_destroy(self, instance):
        services.revert_template(self.request.user, instance)

    @extend_schema(responses={(200, DOCX_TYPE): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """下载本单位上传的模板。"""
        return file_download(self.get_object().file)

    @extend_schema(parameters=[s.KindQuerySerializer],
                   responses={(200, DOCX_TYPE): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"])
    def default(self, request):
        """下载系统默认模板（可在Word中修改后上传）。"""
        query = s.KindQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        kind = query.validated_data["kind"]
        return document_response(default_template(kind), f"默认模板-{kind}.docx", "docx")


class LetterheadView(APIView):
    """本单位的公文版头：发文机关、发文字号机关代字、联系人、电话、地址（组织部工作人员）。"""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.LetterheadSerializer)
    def get(self, request):
        services.check_manage_templates(request.user)
        head = get_object_or_404(Letterhead, organizer=request.user.unit_id)
        return Response(s.LetterheadSerializer(head).data)

    @extend_schema(request=s.LetterheadSerializer, responses=s.LetterheadSerializer)
    def put(self, request):
        services.check_manage_templates(request.user)
        data = payload(s.LetterheadSerializer, request)
        return Response(s.LetterheadSerializer(services.save_letterhead(request.user,
                                                                        **data)).data)


class PlacementDocumentView(APIView):
    """挂职文书：介绍信（introduction_letter，组织部开具，首次打印时编发文字号）、挂职干部审批表
    （approval_form）、考核登记表（appraisal_form），Word（docx）或PDF；个人信息按读者脱敏。"""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, DOCX_TYPE): OpenApiTypes.BINARY,
                              (200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk, kind, fmt):
        placement = get_object_or_404(
            Placement.objects.visible_to(request.user).select_related(
                "cadre__native_place", "home_unit", "host_unit", "batch__program__organizer",
                "order"), pk=pk)
        content, name = services.placement_document(request.user, placement, kind, fmt)
        return document_response(content, name, fmt)


class AllowanceSheetView(APIView):
    """生活补助发放表：一个项目一个月的现行结算单，含合计、大写金额、制表人、审核人和签字栏。"""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[s.SheetQuerySerializer],
                   responses={(200, DOCX_TYPE): OpenApiTypes.BINARY,
                              (200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, fmt):
        query = s.SheetQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        program = get_object_or_404(Program.objects.visible_to(request.user),
                                    pk=data["program"])
        content, name = services.allowance_sheet(request.user, program, data["month"], fmt,
                                                 data["reviewed_by"])
        return document_response(content, name, fmt)
