"""The 民主测评 pages: the voting page (no sign-in; the token is the only key, and nothing of
the voter is kept), and the department's pages to open a ballot, print its sheets and read
each cadre's results."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.choices import Role
from core.exceptions import InvalidInput, NotAllowed, RuleBroken
from core.pages import RoleRequiredMixin, ServiceFormView, StyledForm
from placements.models import Placement
from programs.models import Batch

from . import ballots, host_ratings, services
from .api.views import sheet_rows
from .choices import DEFAULT_GROUPS, GRADES, ItemKind, ReportKind
from .models import Ballot


class VoteView(View):
    """/vote/<token>/: the sheet's ballot for its cadre and group, one vote. A token that is
    not a sheet answers as any other unknown page would (404), naming nothing."""

    template_name = "evaluations/vote.html"

    def get(self, request, token):
        return self.page(request, token)

    def post(self, request, token):
        try:
            sheet = ballots.sheet_for(token)
        except ballots.SheetNotFound:
            return render(request, "evaluations/vote_gone.html", {"title": _("测评票无效")},
                          status=404)
        answers = {item["key"]: request.POST.get(item["key"], "")
                   for item in sheet.ballot.items}
        try:
            ballots.cast_vote(token, answers)
        except InvalidInput as exc:
            return self.page(request, token, errors=exc.fields, chosen=answers, status=400)
        except RuleBroken as exc:
            return render(request, "evaluations/vote_gone.html",
                          {"title": _("无法投票"), "message": exc.message}, status=409)
        return render(request, "evaluations/vote_done.html", {"title": _("投票成功")})

    def page(self, request, token, errors=None, chosen=None, status=200):
        try:
            sheet = ballots.sheet_for(token)
            ballots.check_can_vote(sheet)
        except ballots.SheetNotFound:
            return render(request, "evaluations/vote_gone.html", {"title": _("测评票无效")},
                          status=404)
        except RuleBroken as exc:
            return render(request, "evaluations/vote_gone.html",
                          {"title": _("无法投票"), "message": exc.message}, status=409)
        chosen = chosen or {}
        items = [{**item, "error": (errors or {}).get(item["key"], [None])[0],
                  "value": str(chosen.get(item["key"], ""))} for item in sheet.ballot.items]
        return render(request, self.template_name, {
            "title": sheet.ballot.title, "sheet": sheet, "items": items, "grades": GRADES,
            "score": ItemKind.SCORE, "error": bool(errors)}, status=status)


class BallotForm(StyledForm):
    title = forms.CharField(label=_("名称"), max_length=100)
    opens_at = forms.DateTimeField(label=_("开始时间"),
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("截止时间"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    test_mode = forms.BooleanField(label=_("先试投（试投的票不计入结果）"), required=False)
    copy_from = forms.ModelChoiceField(
        label=_("沿用以往测评的项目和群体"), required=False, queryset=Ballot.objects.none(),
        help_text=_("选择后，下面的测评项目和评议群体不必再填"))
    items = forms.CharField(
        label=_("测评项目"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一项，按优秀、称职、基本称职、不称职评价；写成“名称:分数”（如“工作实绩:100”）"
                    "则按0至该分数打分。留空为德、能、勤、绩、廉和总体评价。"))

    def __init__(self, *args, earlier=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The program's earlier ballots serve as templates (a handful, newest first).
        self.fields["copy_from"].queryset = earlier if earlier is not None \
            else Ballot.objects.none()
        self.fields["copy_from"].label_from_instance = lambda b: (
            f"{b.title}（{timezone.localtime(b.opens_at):%Y-%m-%d}）")
        # One row per rater group: its name, weight (the weights add up to 100) and how many
        # sheets each cadre's raters of the group receive.
        for i, group in enumerate(DEFAULT_GROUPS):
            self.fields[f"group{i}_name"] = forms.CharField(
                label=_("评议群体%d") % (i + 1), max_length=50, required=False,
                initial=group["name"])
            self.fields[f"group{i}_weight"] = forms.IntegerField(
                label=_("权重（%）"), min_value=0, max_value=100, required=False,
                initial=group["weight"])
            self.fields[f"group{i}_sheets"] = forms.IntegerField(
                label=_("每人发票数"), min_value=0, max_value=ballots.MAX_SHEETS,
                required=False, initial=group["sheets"])

    def item_list(self):
        """The typed items as the ballot's: "名称" a grade item, "名称:100" a score item."""
        items = []
        for i, line in enumerate((self.cleaned_data.get("items") or "").splitlines(), 1):
            label, _sep, top = line.strip().replace("：", ":").partition(":")
            if not label.strip():
                continue
            item = {"key": f"item{i}", "label": label.strip(), "kind": ItemKind.GRADE}
            if top.strip():
                item.update(kind=ItemKind.SCORE,
                            max=int(top) if top.strip().isdigit() else -1)
            items.append(item)
        return items or None

    def groups(self):
        """The typed groups; none where an earlier ballot is the template."""
        data = self.cleaned_data
        if data.get("copy_from"):
            return None
        return [{"name": data[f"group{i}_name"], "weight": data[f"group{i}_weight"],
                 "sheets": data[f"group{i}_sheets"]}
                for i in range(len(DEFAULT_GROUPS)) if data.get(f"group{i}_name")]


class OpenBallotView(ServiceFormView):
    """发起民主测评 for a placement (/placements/<pk>/ballot/) or a batch (/batches/<pk>/…)."""

    roles = (Role.ORG_STAFF, Role.RECEIVING)
    form_class = BallotForm
    title = _("发起民主测评")
    submit_label = _("发起")
    success_message = _("民主测评已发起，请打印测评票。")

    def get_form_kwargs(self):
        program = self.object.program if isinstance(self.object, Batch) else \
            self.object.batch.program
        earlier = Ballot.objects.visible_to(self.request.user).filter(
            program=program).order_by("-opens_at")
        return {**super().get_form_kwargs(), "earlier": earlier}

    def get_initial(self):
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {"title": _("挂职干部民主测评"), "opens_at": now,
                "closes_at": now + timezone.timedelta(days=7)}

    def perform(self, form):
        data = form.cleaned_data
        target = {"placement": self.object} if isinstance(self.object, Placement) else {
            "batch": self.object}
        return ballots.open_ballot(self.request.user, title=data["title"],
                                   opens_at=data["opens_at"], closes_at=data["closes_at"],
                                   groups=form.groups(), test_mode=data["test_mode"],
                                   items=form.item_list(), copy_from=data["copy_from"],
                                   **target)


class PlacementBallotView(OpenBallotView):
    model = Placement
    select_related = ("cadre", "batch__program")


class BatchBallotView(OpenBallotView):
    roles = (Role.ORG_STAFF,)
    model = Batch
    select_related = ("program",)


class BallotDetailView(RoleRequiredMixin, View):
    roles = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)

    def get(self, request, pk):
        ballot = get_object_or_404(Ballot.objects.visible_to(request.user), pk=pk)
        rated = (Placement.objects.visible_to(request.user)
                 .filter(pk__in=ballot.sheets.values("placement"))
                 .select_related("cadre", "host_unit").order_by("cadre__name"))
        return render(request, "evaluations/ballot_detail.html", {
            "title": ballot.title, "object": ballot, "rated": rated,
            "breadcrumbs": [(_("民主测评"), None), (ballot.title, None)],
            "turnout": ballots.turnout(ballot),
            "manages": ballots.can_manage_ballot(request.user, ballot),
            "groups": ballot.groups.all()})

    def post(self, request, pk):
        ballot = get_object_or_404(Ballot.objects.visible_to(request.user), pk=pk)
        step = {"close": ballots.close_ballot, "go_live": ballots.go_live}.get(
            request.POST.get("step"))
        if step is None:
            return redirect(ballot)
        try:
            step(ballot, request.user)
        except NotAllowed:
            raise PermissionDenied from None
        except RuleBroken as exc:
            messages.error(request, exc.message)
        return redirect(ballot)


class SheetsView(RoleRequiredMixin, View):
    """Printable sheets: a card per one-time link with its QR code, cut along the lines."""

    roles = (Role.ORG_STAFF, Role.RECEIVING)

    def get(self, request, pk):
        ballot = get_object_or_404(Ballot.objects.visible_to(request.user), pk=pk)
        if not ballots.can_manage_ballot(request.user, ballot):
            raise PermissionDenied
        chosen = request.GET.get("placement", "")
        placement = int(chosen) if chosen.isdigit() else ballot.placement_id
        if placement is None:
            # A batch's sheets are thousands of QR codes: the page offers them cadre by cadre.
            rated = (Placement.objects.filter(pk__in=ballot.sheets.values("placement"))
                     .select_related("cadre", "host_unit").order_by("cadre__name"))
            return render(request, "evaluations/sheets.html", {
                "title": _("测评票"), "object": ballot, "rated": rated,
                "breadcrumbs": [(ballot.title, ballot.get_absolute_url()),
                                (_("测评票"), None)]})
        rows = sheet_rows(request, ballot, placement)
        return render(request, "evaluations/sheets.html", {
            "title": _("测评票"), "object": ballot, "rows": [r for r in rows if not r["used"]],
            "breadcrumbs": [(ballot.title, ballot.get_absolute_url()), (_("测评票"), None)]})


class ResultsView(RoleRequiredMixin, View):
    roles = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)

    def get(self, request, pk, placement):
        ballot = get_object_or_404(Ballot.objects.visible_to(request.user), pk=pk)
        placement = get_object_or_404(Placement.objects.visible_to(request.user).select_related(
            "cadre", "batch__program"), pk=placement)
        try:
            ballots.check_read_results(request.user, ballot, placement)
        except NotAllowed:
            raise PermissionDenied from None
        except ballots.SheetNotFound:
            raise Http404 from None
        except RuleBroken as exc:
            messages.error(request, exc.message)
            return redirect(ballot)
        return render(request, "evaluations/results.html", {
            "title": _("测评结果"), "object": ballot, "placement": placement,
            "results": ballots.results(ballot, placement), "grades": GRADES,
            "breadcrumbs": [(ballot.title, ballot.get_absolute_url()),
                            (placement.cadre.name, None)]})


class ReportForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=ReportKind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    text = forms.CharField(label=_("述职报告"), required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 12}))
    attachment = forms.FileField(label=_("或上传附件"), required=False,
                                 help_text=_("PDF、Word 或图片，不超过20MB"))


class ReportOfDutyView(ServiceFormView):
    roles = (Role.CADRE,)
    model = Placement
    select_related = ("cadre", "batch__program", "host_unit")
    form_class = ReportForm
    title = _("述职报告")
    submit_label = _("提交")
    success_message = _("述职报告已提交，接收单位和派出单位可以查阅。")

    def get_initial(self):
        return {"year": timezone.localdate().year, "kind": ReportKind.ANNUAL}

    def perform(self, form):
        data = form.cleaned_data
        services.write_report(self.object, self.request.user, data["kind"], data["year"],
                              data["text"], data["attachment"])
        return self.object

    def get_success_url(self, result=None):
        return reverse("placements:my")


class TalkForm(StyledForm):
    held_on = forms.DateField(label=_("谈话日期"))
    interviewee = forms.CharField(label=_("谈话对象"), max_length=100,
                                  help_text=_("如：接收单位分管领导、村党支部书记"))
    summary = forms.CharField(label=_("谈话要点"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}))


class TalkView(ServiceFormView):
    roles = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING)
    model = Placement
    select_related = ("cadre", "batch__program")
    form_class = TalkForm
    title = _("记录个别谈话")
    submit_label = _("保存")
    success_message = _("谈话已记录。")

    def perform(self, form):
        data = form.cleaned_data
        services.record_talk(self.object, self.request.user, data["held_on"],
                             data["interviewee"], data["summary"])
        return self.object


class HostRatingForm(StyledForm):
    work_arranged = forms.TypedChoiceField(label=_("工作安排（是否有实际工作、分工明确）"),
                                           coerce=int, widget=forms.RadioSelect,
                                           choices=[(i, str(i)) for i in range(5, 0, -1)])
    conditions = forms.TypedChoiceField(label=_("工作生活条件"), coerce=int,
                                        widget=forms.RadioSelect,
                                        choices=[(i, str(i)) for i in range(5, 0, -1)])
    help = forms.TypedChoiceField(label=_("关心帮助"), coerce=int, widget=forms.RadioSelect,
                                  choices=[(i, str(i)) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("意见建议（匿名）"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))
    note_for_successor = forms.CharField(
        label=_("给继任者的话（署名，可不填）"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("将提供给今后在同一岗位挂职的干部"))


class HostRatingView(ServiceFormView):
    """The cadre's 双向评价 on a phone: 5 is best; the answer is not kept with their name."""

    roles = (Role.CADRE,)
    model = Placement
    select_related = ("cadre", "batch__program", "host_unit")
    form_class = HostRatingForm
    title = _("评价接收单位")
    submit_label = _("提交")
    success_message = _("感谢您的评价。评价不记名，组织部只看到各单位的汇总。")

    def perform(self, form):
        host_ratings.rate_host(self.object, self.request.user, **form.cleaned_data)
        return self.object

    def get_success_url(self, result=None):
        return reverse("placements:my")


class HostRatingsView(RoleRequiredMixin, View):
    """双向评价 per host unit, for the department: means and comments from three answers."""

    roles = (Role.ORG_STAFF, Role.MANAGER)

    def get(self, request):
        from programs.models import Program

        programs = Program.objects.visible_to(request.user)
        chosen = request.GET.get("program", "")
        if chosen.isdigit():
            programs = programs.filter(pk=chosen)
        return render(request, "evaluations/host_ratings.html", {
            "title": _("双向评价"), "breadcrumbs": [(_("双向评价"), None)],
            "rows": host_ratings.by_host_unit(programs),
            "minimum": host_ratings.MIN_ANSWERS})
