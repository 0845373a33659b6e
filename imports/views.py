"""/imports/: templates, upload with its dry run, the preview with row errors, apply, and the
bad rows to correct. Org staff import every kind; a dispatching unit its own cadres."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.choices import Role
from core.exceptions import NotAllowed, ServiceError
from core.pages import ObjectDetailView, ObjectListView, show_refusal
from core.roles import acts_as

from . import exporting, filtersets, services, tables
from .forms import UploadForm
from .kinds import KINDS
from .models import ImportJob, ImportStatus

IMPORT_ROLES = (Role.ORG_STAFF, Role.DISPATCHING)
# Row errors shown on the page; all of them are in the bad-rows file.
SHOWN_ERRORS = 300


class ImportListView(ObjectListView):
    roles = IMPORT_ROLES
    model = ImportJob
    exportable = False
    filterset_class = filtersets.ImportJobFilterSet
    columns = tables.IMPORT_COLUMNS
    default_ordering = ("-created_at", "-id")
    template_name = "imports/import_list.html"
    title = gettext_lazy("数据导入")
    empty_message = gettext_lazy(
        "还没有导入记录。下载模板填写后在上方上传，系统先预检，确认后再导入。")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("upload_form", UploadForm(user=self.request.user))
        ctx["kinds"] = [(k.label, reverse("imports:template", args=[k.key]))
                        for k in services.kinds_for(self.request.user)]
        return ctx

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES, user=request.user)
        status = 400
        if form.is_valid():
            try:
                job = services.start_import(request.user, form.cleaned_data["kind"],
                                            form.cleaned_data["file"])
            except NotAllowed as exc:
                raise PermissionDenied(exc.message) from None
            except ServiceError as exc:
                show_refusal(form, exc)
                status = exc.status
            else:
                if job.status in (ImportStatus.VALIDATED, ImportStatus.UNCHANGED):
                    messages.success(request, _("预检完成，请核对结果后确认导入。"))
                return redirect(job)
        self.object_list = self.get_queryset()
        response = self.render_to_response(self.get_context_data(upload_form=form))
        response.status_code = status
        return response


class ImportDetailView(ObjectDetailView):
    roles = IMPORT_ROLES
    model = ImportJob
    template_name = "imports/import_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        job = self.object
        ctx.update({
            "title": str(job),
            "breadcrumbs": [(_("数据导入"), reverse("imports:list")), (job.original_name, None)],
            "errors": job.errors[:SHOWN_ERRORS],
            "more_errors": max(len(job.errors) - SHOWN_ERRORS, 0),
            "status_url": reverse("importjob-detail", args=[job.pk]),
            "running": job.status in (ImportStatus.PENDING, ImportStatus.VALIDATING,
                                      ImportStatus.APPLYING),
            "kind_label": KINDS[job.kind].label,
        })
        return ctx


def _job(request, pk):
    if not request.user.is_authenticated:
        return None
    if not (request.user.is_superuser or acts_as(request.user, *IMPORT_ROLES)):
        raise PermissionDenied
    return get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)


@require_POST
def apply_view(request, pk):
    from django.contrib.auth.views import redirect_to_login

    job = _job(request, pk)
    if job is None:
        return redirect_to_login(request.get_full_path())
    try:
        job = services.apply_import(request.user, job)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from None
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(job)
    if job.status == ImportStatus.APPLIED:
        counts = job.applied_counts
        messages.success(request, _("导入完成：新增%(new)d条，修改%(updated)d条。")
                         % {"new": counts.get("new", 0), "updated": counts.get("updated", 0)})
    elif job.status == ImportStatus.FAILED:
        messages.error(request, job.message)
    return redirect(job)


def bad_rows_view(request, pk):
    from django.contrib.auth.views import redirect_to_login

    job = _job(request, pk)
    if job is None:
        return redirect_to_login(request.get_full_path())
    if not job.bad_rows or not job.file:
        raise Http404
    name = f"{KINDS[job.kind].label}-{_('错误行')}"
    return exporting.download(services.bad_rows_file(job, request.user), "xlsx", name)


def template_view(request, kind):
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if kind not in KINDS:
        raise Http404
    if not KINDS[kind].may_import(request.user):
        raise PermissionDenied
    name = f"{KINDS[kind].label}{_('导入模板')}"
    return exporting.download(exporting.template_file(kind, request.user), "xlsx", name)
