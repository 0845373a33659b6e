"""What every app's pages share, the NetBox way: a table declared once by its columns, a list
view over `visible_to(user)` filtered by the app's FilterSet (the API's), a detail view that
answers 404 outside the user's scope, and the role check of a page."""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, View

from core.roles import acts_as

from .api.pagination import PagePaginator


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
        self.check_role(request.user)
        return super().dispatch(request, *args, **kwargs)

    def check_role(self, user):
        if (user.is_authenticated and self.roles and not user.is_superuser
                and not acts_as(user, *self.roles)):
            raise PermissionDenied


class ObjectListView(RoleRequiredMixin, ListView):
    """A scoped, filtered, sortable, paginated table."""

    template_name = "generic/object_list.html"
    paginate_by = 50
    paginator_class = PagePaginator  # the count capped as the API's is
    filterset_class = None
    columns: list[Column] = []
    select_related: tuple = ()
    prefetch_related: tuple = ()
    default_ordering: tuple = ("-id",)
    title = ""
    empty_message = _("没有符合条件的记录。")
    # Buttons above the table: (label, url name, predicate(user) of the step the page opens).
    actions: list = []
    # The filters offered on the page; the others (a cadre, a unit: drop-downs of thousands)
    # still apply when a link carries them, and are kept as hidden inputs.
    page_filters: tuple | None = None
    # Filters chosen through a lookup picker: {filter name: URL name of its lookup endpoint,
    # or (URL name, the hint in the box)}.
    lookups: dict = {}
    # Orders offered beside the columns' own: {key: (label, a callable giving the order_by
    # terms)}, e.g. a roster's 姓氏笔画.
    named_orders: dict = {}
    # A step on the checked rows (BulkStepView): (url name, its form class, the predicate of
    # whether the user takes it at all).
    bulk = None
    # The import kind whose columns an export uses (so it imports back); else the table's.
    export_kind: str | None = None
    exportable = True

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("xlsx", "csv") and self.exportable:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt):
        """The filtered rows (every page of them, up to EXPORT_MAX_ROWS) as a file, logged
        as an export; personal data as the reader sees it on the page."""
        from django.conf import settings
        from django.utils.module_loading import import_string

        from .signals import security_event

        # The spreadsheet writer is the imports app's (its kinds' columns import back); the
        # project names it in settings, so the kernel does not import an app.
        response = import_string(settings.LIST_EXPORTER)(self, self.get_queryset(), fmt)
        security_event.send(sender=type(self), kind="export", request=self.request,
                            page=self.request.path, format=fmt,
                            filters=self.request.GET.urlencode())
        return response

    def table_rows(self, objects):
        """(the row's key, its cells): the key names the row in a bulk step's checkbox."""
        return [(obj.pk, [(c.value(obj), c.link(obj) if c.link else None, c.num)
                          for c in self.columns]) for obj in objects]

    def bulk_context(self):
        if self.bulk is None:
            return None
        url_name, form_class, can = self.bulk
        if not can(self.request.user):
            return None
        return {"url": reverse(url_name), "form": form_class(),
                "next": self.request.get_full_path()}

    def base_queryset(self):
        return (self.model.objects.visible_to(self.request.user)
                .select_related(*self.select_related).prefetch_related(*self.prefetch_related))

    def get_queryset(self):
        qs = self.base_queryset()
        self.filterset = self.filterset_class(self.request.GET or None, queryset=qs,
                                              request=self.request)
        self.sort = self.request.GET.get("sort", "")
        if self.filterset.is_bound and not self.filterset.is_valid():
            # A choice out of the reader's scope (an address edited by hand): nothing listed,
            # the form says which filter was refused.
            return qs.none()
        qs = self.filterset.qs
        sortable = {c.order_by for c in self.columns if c.order_by}
        if self.sort in self.named_orders:
            return qs.order_by(*self.named_orders[self.sort][1](), "pk")
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
        for name, field in form.fields.items():
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                use_date_picker(widget)
            if name in self.lookups and name in shown:
                spec = self.lookups[name]
                url_name, hint = spec if isinstance(spec, tuple) else (spec, None)
                picker = (LookupSelectMultiple if isinstance(field, forms.ModelMultipleChoiceField)
                          else LookupSelect)
                field.widget = widget = picker(reverse(url_name), field.queryset,
                                               attrs=widget.attrs, hint=hint)
            elif type(widget) is forms.Select and name in shown:
                field.widget = widget = QuickSelect(attrs=widget.attrs, choices=widget.choices)
            css = ("form-select form-select-sm" if isinstance(widget, forms.Select)
                   else "form-control form-control-sm")
            widget.attrs.setdefault("class", css)
        carried = [(name, value) for name in form.fields if name not in shown
                   for value in self.request.GET.getlist(name) if value]
        ctx.update({
            "breadcrumbs": [(self.title, None)],
            "title": self.title, "filter_fields": [form[name] for name in shown],
            "carried_filters": carried, "columns": self.columns,
            "rows": self.table_rows(ctx["object_list"]),
            "sort": self.sort, "query": query.urlencode(), "empty_message": self.empty_message,
            "filtered": bool(self.request.GET.dict().keys() - {"page", "sort"}),
            "actions": [(label, reverse(name)) for label, name, can in self.actions
                        if can(self.request.user)],
            "exportable": self.exportable,
            "named_orders": [(key, label) for key, (label, _terms) in self.named_orders.items()],
            "bulk": self.bulk_context(),
        })
        return ctx


class BulkStepView(RoleRequiredMixin, View):
    """A step taken on the rows checked in a list (POST `ids` and the step's form): each row
    through the service step in its own transaction (core.bulk.run_each); the page then says
    how many were done and why each other one was not, and goes back to the list."""

    model = None
    form_class = None
    list_url_name = ""

    def step(self, obj, data):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        from django.contrib import messages
        from django.shortcuts import redirect

        from .bulk import run_each

        back = request.POST.get("next", "")
        if not back.startswith("/") or back.startswith("//"):
            back = reverse(self.list_url_name)
        ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit() and len(v) < 19]
        form = self.form_class(request.POST)
        if not ids:
            messages.error(request, _("请先勾选要办理的记录"))
            return redirect(back)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, "；".join(errors))
            return redirect(back)
        results = run_each(self.model.objects.visible_to(request.user), ids,
                           lambda obj: self.step(obj, form.cleaned_data))["results"]
        say_results(request, results)
        return redirect(back)


def say_results(request, results, names=None):
    """A bulk step's outcome as the page's messages: how many were done, and each refusal
    by the row's name (`names`: id → name) or number, with why."""
    from django.contrib import messages

    done = sum(1 for r in results if r["ok"])
    if done:
        messages.success(request, _("已办理%d项。") % done)
    for r in results:
        if not r["ok"]:
            messages.error(request, _("%(row)s未办理：%(why)s") % {
                "row": (names or {}).get(r["id"]) or _("编号%s") % r["id"],
                "why": r["error"]["message"]})


class ObjectDetailView(RoleRequiredMixin, DetailView):
    """One object within the user's scope (404 outside it)."""

    select_related: tuple = ()

    def get_queryset(self):
        return (self.model.objects.visible_to(self.request.user)
                .select_related(*self.select_related))


def show_refusal(form, exc):
    """A refused step's message above the form and its field errors beside the fields."""
    form.add_error(None, exc.message)
    for field, errors in exc.fields.items():
        if field in form.fields:
            for error in errors if isinstance(errors, list | tuple) else [errors]:
                form.add_error(field, str(error))


class ServiceFormView(RoleRequiredMixin, FormView):
    """A page form whose valid input goes to one service step, the API's.

    A refused step changes nothing (the service runs in a transaction): its Chinese message
    goes above the form and its field errors beside the fields, what was typed is kept, and
    the page answers with the step's status (400 bad input, 409 a rule). A role the step
    refuses is a 403. Success redirects with a message."""

    template_name = "generic/form.html"
    title = ""
    submit_label = _("保存")
    success_message = ""
    model = None  # the object the step acts on, looked up within the user's scope
    select_related: tuple = ()
    irreversible = False  # say so on the page before the person confirms

    def dispatch(self, request, *args, **kwargs):
        # The role first (403), then the scope (404): a role that never takes the step
        # learns nothing of which objects exist.
        self.check_role(request.user)
        self.object = self.get_object() if self.model is not None and "pk" in kwargs else None
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        from django.shortcuts import get_object_or_404

        if not self.request.user.is_authenticated:
            return None
        qs = self.model.objects.visible_to(self.request.user).select_related(
            *self.select_related)
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def perform(self, form):
        """Call the service step; return the object the page then shows."""
        raise NotImplementedError

    def form_valid(self, form):
        from django.contrib import messages
        from django.shortcuts import redirect

        from .exceptions import NotAllowed, ServiceError

        try:
            result = self.perform(form)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except ServiceError as exc:
            show_refusal(form, exc)
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = exc.status
            return response
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url(result))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_success_url(self, result=None):
        target = result if hasattr(result, "get_absolute_url") else self.object
        return target.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update({"title": self.title, "object": self.object,
                    "submit_label": self.submit_label, "irreversible": self.irreversible,
                    "cancel_url": self.get_cancel_url(),
                    "breadcrumbs": self.get_breadcrumbs()})
        return ctx

    def get_cancel_url(self):
        return self.get_success_url() if self.object is not None else "/"

    def get_breadcrumbs(self):
        if self.object is not None:
            return [(str(self.object), self.object.get_absolute_url()), (self.title, None)]
        return [(self.title, None)]


class QuickSelect(forms.Select):
    """A single-choice drop-down written in one pass: Django's Select renders a template per
    option, and a national reader's batch filter (271 batches, 124 tracks) took 80 ms of a
    list page's 100."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html, format_html_join

        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])
                  if v is not None}
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((str(key), " selected" if str(key) in chosen else "", label)
             for key, label in ((getattr(k, "value", k), lab) for k, lab in self.choices)))
        return format_html("<select{}>{}</select>", flatatt(final), options)


class LookupSelect(forms.Select):
    """A choice among thousands, typed rather than scrolled: the page writes only the chosen
    option and the picker (static/js/lookup.js, Tom Select) asks the field's lookup endpoint
    (core.api.lookup) as the user types. A national reader's batch filter wrote 588 options
    and built a model for each: 25 ms of the placements page's 70."""

    def __init__(self, url, queryset, attrs=None, hint=None):
        super().__init__(attrs=attrs)
        self.url, self.queryset = url, queryset
        # What the lookup matches, said in the box.
        self.hint = hint or _("输入名称、拼音或首字母查找")

    def picker_attrs(self, name, attrs):
        return self.build_attrs(self.attrs, {
            **(attrs or {}), "name": name, "data-lookup": self.url,
            "data-placeholder": self.hint,
            "data-empty": _("没有找到"), "data-clear": _("清除")})

    def chosen(self, value) -> list:
        """The objects of the chosen keys the reader may see (one query)."""
        values = value if isinstance(value, list | tuple) else [value]
        keys = [str(v) for v in values if v not in (None, "") and str(v).isdigit()]
        if not keys:
            return []
        found = {str(obj.pk): obj for obj in self.queryset.filter(pk__in=keys)}
        return [found[key] for key in keys if key in found]

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html, format_html_join

        # Only a key the reader may see is written back with its label. No empty option:
        # nothing chosen shows the picker's hint, and sends no value.
        options = format_html_join("", '<option value="{}" selected>{}</option>',
                                   ((obj.pk, obj) for obj in self.chosen(value)[:1]))
        return format_html("<select{}>{}</select>", flatatt(self.picker_attrs(name, attrs)),
                           options)


class LookupSelectMultiple(LookupSelect):
    """Several choices among thousands (former units, expertise), each typed and picked."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty multiple choice sends nothing

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html, format_html_join

        options = format_html_join("", '<option value="{}" selected>{}</option>',
                                   ((obj.pk, obj) for obj in self.chosen(value)))
        final = {**self.picker_attrs(name, attrs), "multiple": True}
        return format_html("<select{}>{}</select>", flatatt(final), options)


class RegionCascade(LookupSelect):
    """A region chosen as 省 › 市 › 县: a province picker, a city picker of that province and
    the region picker itself, narrowed to that city (static/js/lookup.js). Typing a county
    straight into the last box finds it anywhere (衡南 → 湖南省 › 衡阳市). The first two boxes
    send nothing: the field's value is the deepest region chosen."""

    levels = (("province", _("省份")), ("city", _("地市")))

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html, format_html_join

        chosen = self.chosen(value)[:1]
        ancestors = {}
        if chosen:
            region = chosen[0]
            ancestors = {r.level: r for r in type(region).objects.filter(
                pk__in=[int(p) for p in region.path.strip("/").split("/")])}
        steps = []
        for level, label in self.levels:
            known = ancestors.get(level)
            steps.append(format_html(
                '<select data-cascade-level="{}" data-placeholder="{}" aria-label="{}" '
                'class="form-select">{}</select>', level, label, label,
                format_html('<option value="{}" selected>{}</option>', known.pk, known)
                if known else ""))
        options = format_html_join("", '<option value="{}" selected>{}</option>',
                                   ((obj.pk, obj) for obj in chosen))
        final = {**self.picker_attrs(name, attrs), "data-cascade": "1",
                 "data-placeholder": _("区县（可直接输入查找）")}
        return format_html('<div class="region-cascade row g-2">{}<div class="col-12 '
                           'col-md-4"><select{}>{}</select></div></div>',
                           format_html_join("", '<div class="col-12 col-md-4">{}</div>',
                                            ((step,) for step in steps)),
                           flatatt(final), options)


def use_date_picker(widget):
    """The phone's and browser's own date picker: it reads and sends ISO dates only, whatever
    the language's date format."""
    widget.input_type = "date"
    widget.format = "%Y-%m-%d"


def style_form(form):
    """Bootstrap classes on a form's widgets, the native date picker for dates."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.DateInput):
            use_date_picker(widget)
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
    return form


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class ConfirmForm(StyledForm):
    """A step with nothing to type: the page asks, the person confirms."""


class ReasonForm(StyledForm):
    """A step with a reason; whether it is required is the service's to say."""

    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
