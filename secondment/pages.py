"""What every app's pages share, the NetBox way: a table declared once by its columns, a list
view over `visible_to(user)` filtered by the app's FilterSet (the API's), a detail view that
answers 404 outside the user's scope, and the role check of a page."""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView


@dataclass
class Column:
    """One column: its header, how to read a row's value, an optional link, the field it sorts
    by, and whether it is a number (right-aligned)."""

    header: Any
    value: Callable[[Any], Any]
    link: Callable[[Any], str] | None = None
    order_by: str | None = None
    num: bool = False


def attr(path, default="—"):
    """A column value read along `a.b.c`, or its Chinese label for a choice field."""
    def read(obj):
        for part in path.split("."):
            if obj is None:
                return default
            display = getattr(obj, f"get_{part}_display", None)
            obj = display() if display else getattr(obj, part, None)
        return default if obj in (None, "") else obj
    return read


def url_of(obj):
    return obj.get_absolute_url()


class RoleRequiredMixin(LoginRequiredMixin):
    """A page some roles never use answers 403 for the others (scoping still applies)."""

    roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if (user.is_authenticated and self.roles and not user.is_superuser
                and user.role not in self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ObjectListView(RoleRequiredMixin, ListView):
    """A scoped, filtered, sortable, paginated table."""

    template_name = "generic/object_list.html"
    paginate_by = 50
    filterset_class = None
    columns: list[Column] = []
    select_related: tuple = ()
    prefetch_related: tuple = ()
    default_ordering: tuple = ("-id",)
    title = ""
    empty_message = _("没有符合条件的记录。")
    actions: list = []  # (label, url name) buttons above the table
    # The filters offered on the page; the others (a cadre, a unit: drop-downs of thousands)
    # still apply when a link carries them, and are kept as hidden inputs.
    page_filters: tuple | None = None

    def base_queryset(self):
        return (self.model.objects.visible_to(self.request.user)
                .select_related(*self.select_related).prefetch_related(*self.prefetch_related))

    def get_queryset(self):
        qs = self.base_queryset()
        self.filterset = self.filterset_class(self.request.GET or None, queryset=qs,
                                              request=self.request)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return qs.none()
        qs = self.filterset.qs
        self.sort = self.request.GET.get("sort", "")
        sortable = {c.order_by for c in self.columns if c.order_by}
        if self.sort.lstrip("-") in sortable:
            return qs.order_by(self.sort, "pk")
        return qs.order_by(*self.default_ordering)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("sort", None)
        form = self.filterset.form
        shown = self.page_filters or tuple(form.fields)
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"  # the phone's and browser's own date picker
            css = ("form-select form-select-sm" if isinstance(widget, forms.Select)
                   else "form-control form-control-sm")
            widget.attrs.setdefault("class", css)
        carried = [(name, value) for name in form.fields if name not in shown
                   for value in self.request.GET.getlist(name) if value]
        ctx.update({
            "breadcrumbs": [(self.title, None)],
            "title": self.title, "filter_fields": [form[name] for name in shown],
            "carried_filters": carried, "columns": self.columns,
            "rows": [[(c.value(obj), c.link(obj) if c.link else None, c.num)
                      for c in self.columns] for obj in ctx["object_list"]],
            "sort": self.sort, "query": query.urlencode(), "empty_message": self.empty_message,
            "filtered": bool(self.request.GET.dict().keys() - {"page", "sort"}),
            "actions": self.actions,
        })
        return ctx


class ObjectDetailView(RoleRequiredMixin, DetailView):
    """One object within the user's scope (404 outside it)."""

    select_related: tuple = ()

    def get_queryset(self):
        return (self.model.objects.visible_to(self.request.user)
                .select_related(*self.select_related))
