from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from accounts.choices import Role
from core.api.base import ScopedMixin, payload, service_response

from .. import filtersets, services
from ..models import ImportJob
from .serializers import ImportJobSerializer, UploadSerializer


class ImportJobViewSet(ScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """数据导入：上传 xlsx/csv 文件先预检（计数与逐行错误），确认后导入；只能查看本人上传的导入。"""

    queryset = ImportJob.objects.all()
    serializer_class = ImportJobSerializer
    filterset_class = filtersets.ImportJobFilterSet
    write_roles = (Role.ORG_STAFF, Role.DISPATCHING)
    ordering_fields = ["created_at"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request={"multipart/form-data": UploadSerializer},
                   responses={201: ImportJobSerializer})
    def create(self, request):
        """上传文件并预检（小文件当场完成，大文件在后台进行，见 progress）"""
        data = payload(UploadSerializer, request)
        job = services.start_import(request.user, data["kind"], data["file"])
        return service_response(job, ImportJobSerializer, request, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ImportJobSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """确认导入：预检通过的行在一个事务中全部写入"""
        job = services.apply_import(request.user, self.get_object())
        return service_response(job, ImportJobSerializer, request)
