"""文书 on pages: a placement's documents and the month's allowance sheet downloaded in Word
or PDF (the same service as the API's), and the department's 文书模板 page — the shipped
templates to download, its own to upload or remove, its letterhead."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.choices import Role
from core.exceptions import NotAllowed, ServiceError
from core.pages import RoleRequiredMixin, StyledForm, show_refusal
from placements.models import Placement
from programs.models import Program

from . import services
from .api.views import document_response
from .choices import DocumentKind
from .contexts import PLACEHOLDERS
from .defaults import default_template
from .models import DocumentTemplate, Letterhead

READERS = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)


def _refused(exc):
    if isinstance(exc, NotAllowed):
        raise PermissionDenied(exc.message) from None
    raise Http404 from None


class PlacementDocumentView(RoleRequiredMixin, View):
    roles = READERS

    def get(self, request, pk, kind, fmt):
        placement = get_object_or_404(
            Placement.objects.visible_to(request.user).select_related(
                "cadre__native_place", "home_unit", "host_unit", "batch__program__organizer",
                "order"), pk=pk)
        try:
            content, name = services.placement_document(request.user, placement, kind, fmt)
        except ServiceError as exc:
            _refused(exc)
        return document_response(content, name, fmt)


class AllowanceSheetView(RoleRequiredMixin, View):
    roles = (Role.ORG_STAFF, Role.MANAGER)

    def get(self, request, pk, fmt):
        program = get_object_or_404(Program.objects.visible_to(request.user), pk=pk)
        try:
            content, name = services.allowance_sheet(
                request.user, program, request.GET.get("month", ""), fmt,
                request.GET.get("reviewed_by", ""))
        except ServiceError as exc:
            _refused(exc)
        return document_response(content, name, fmt)


class UploadForm(StyledForm):
    kind = forms.ChoiceField(label=_("文书种类"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Word模板（.docx，不超过5MB）"))


class LetterheadForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Letterhead
        fields = ["issuer", "reference_prefix", "contact_person", "contact_phone", "address"]
        widgets = {"address": forms.TextInput()}


class TemplatesView(RoleRequiredMixin, View):
    """文书模板: what each document uses (the department's own or the default), its
    placeholders, the upload and the letterhead."""

    roles = (Role.ORG_STAFF,)
    template_name = "documents/templates.html"

    def page(self, upload=None, letterhead=None, status=200):
        user = self.request.user
        own = {t.kind: t for t in DocumentTemplate.objects.visible_to(user)}
        head = Letterhead.objects.filter(organizer=user.unit_id).first()
        issuer = user.unit.name if user.unit_id else ""
        kinds = [{"kind": kind, "label": label, "own": own.get(kind),
                  "placeholders": PLACEHOLDERS[kind].items()}
                 for kind, label in DocumentKind.choices]
        return render(self.request, self.template_name, {
            "title": _("文书模板"), "breadcrumbs": [(_("文书模板"), None)], "kinds": kinds,
            "upload": upload or UploadForm(),
            "letterhead": letterhead or LetterheadForm(instance=head,
                                                       initial={"issuer": issuer}),
        }, status=status)

    def get(self, request):
        return self.page()

    def post(self, request):
        action = request.POST.get("action")
        try:
            services.check_manage_templates(request.user)
        except NotAllowed:
            raise PermissionDenied from None
        if action == "letterhead":
            return self.save_letterhead(request)
        if action == "revert":
            template = get_object_or_404(DocumentTemplate.objects.visible_to(request.user),
                                         pk=request.POST.get("template"))
            services.revert_template(request.user, template)
            messages.success(request, _("已恢复系统默认模板。"))
            return redirect("documents:templates")
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(upload=form, status=400)
        try:
            services.upload_template(request.user, form.cleaned_data["kind"],
                                     form.cleaned_data["file"])
        except ServiceError as exc:
            show_refusal(form, exc)
            return self.page(upload=form, status=exc.status)
        messages.success(request, _("模板已上传，此后打印该文书使用本单位模板。"))
        return redirect("documents:templates")

    def save_letterhead(self, request):
        form = LetterheadForm(request.POST)
        if not form.is_valid():
            return self.page(letterhead=form, status=400)
        try:
            services.save_letterhead(request.user, **form.cleaned_data)
        except ServiceError as exc:
            show_refusal(form, exc)
            return self.page(letterhead=form, status=exc.status)
        messages.success(request, _("公文版头已保存。"))
        return redirect("documents:templates")


class DefaultTemplateView(RoleRequiredMixin, View):
    roles = (Role.ORG_STAFF,)

    def get(self, request, kind):
        if kind not in DocumentKind.values:
            raise Http404
        return document_response(default_template(kind),
                                 f"{DocumentKind(kind).label}（默认模板）.docx", "docx")


class OwnTemplateView(RoleRequiredMixin, View):
    roles = (Role.ORG_STAFF,)

    def get(self, request, pk):
        from core.api.base import file_download

        template = get_object_or_404(DocumentTemplate.objects.visible_to(request.user), pk=pk)
        return file_download(template.file)
