"""The matching board of a batch (精准对接): run the engine, then accept, change (with a
reason), or reject each proposal; accepted ones become placements."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.choices import Role
from core.exceptions import NotAllowed, ServiceError
from core.pages import ConfirmForm, LookupSelect, RoleRequiredMixin, ServiceFormView, say_results
from programs.models import Batch

from .. import services
from ..models import DemandOrder, MatchProposal, Nomination

DECISIONS = ("accept", "change", "reject")


class MatchingBoardView(RoleRequiredMixin, View):
    roles = (Role.ORG_STAFF,)
    template_name = "placements/matching_board.html"

    def batch(self):
        return get_object_or_404(Batch.objects.visible_to(self.request.user)
                                 .select_related("program"), pk=self.kwargs["pk"])

    def get(self, request, pk):
        return self.render(self.batch())

    def render(self, batch, errors=None, typed=None, status=200):
        board = services.matching_board(batch)
        typed = typed or {}
        lookup = reverse("demandorder-lookup")
        orders = DemandOrder.objects.filter(batch=batch).select_related("receiving_unit")
        rows = []
        for p in board["proposals"]:
            # The picker of another order shows each order's score with this nominee.
            picker = LookupSelect(f"{lookup}?for_nomination={p.nomination_id}", orders,
                                  attrs={"class": "form-select form-select-sm",
                                         "id": f"p{p.pk}-order", "data-item-detail": "1"},
                                  hint=_("输入订单或接收单位查找，可见每个订单的得分"))
            rows.append({"p": p, "decision": typed.get(f"p{p.pk}-decision", ""),
                         "reason": typed.get(f"p{p.pk}-reason", ""),
                         "picker": picker.render(f"p{p.pk}-order",
                                                 typed.get(f"p{p.pk}-order", ""))})
        counts = dict(MatchProposal.objects.filter(batch=batch).values_list("status")
                      .annotate(n=Count("id")))
        waiting = Nomination.objects.filter(batch=batch, status="nominated").count()
        return render(self.request, self.template_name, {
            "object": batch, "batch": batch, "rows": rows, "errors": errors,
            "unplaced": board["unplaced"], "unfilled": board["unfilled"],
            "counts": counts, "waiting": waiting,
            "can_run": services.can_run_matching(self.request.user, batch),
            "title": _("对接方案"),
            "breadcrumbs": [(str(batch.program), batch.program.get_absolute_url()),
                            (str(batch), batch.get_absolute_url()), (_("对接方案"), None)],
        }, status=status)

    def post(self, request, pk):
        batch = self.batch()
        decisions = []
        for key, value in request.POST.items():
            if not (key.startswith("p") and key.endswith("-decision")) or not value:
                continue
            proposal = key[1:-len("-decision")]
            decision = {"proposal": int(proposal) if proposal.isdigit() else proposal,
                        "decision": value,
                        "reason": request.POST.get(f"p{proposal}-reason", "")}
            order = request.POST.get(f"p{proposal}-order", "")
            if value == "change":
                decision["order"] = int(order) if order.isdigit() else order
            decisions.append(decision)
        try:
            placements = services.confirm_matches(batch, request.user, decisions)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except ServiceError as exc:
            return self.render(batch, errors=exc, typed=request.POST, status=exc.status)
        messages.success(request, _("已处理%(n)d个方案，新建挂职%(placed)d人。") % {
            "n": len(decisions), "placed": len(placements)})
        return redirect("placements:matching", pk=batch.pk)


class MatchingAcceptView(RoleRequiredMixin, View):
    """Accept every proposal scoring at least the chosen score, each as its own confirmation:
    the page then says who was placed and why each other one was not."""

    roles = (Role.ORG_STAFF,)

    def post(self, request, pk):
        batch = get_object_or_404(Batch.objects.visible_to(request.user), pk=pk)
        names = dict(MatchProposal.objects.filter(batch=batch)
                     .values_list("pk", "nomination__cadre__name"))
        try:
            results = services.accept_proposals(batch, request.user,
                                                request.POST.get("min_score", ""))["results"]
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("placements:matching", pk=batch.pk)
        say_results(request, results, names)
        if not results:
            messages.info(request, _("没有得分达到该分数的待确认方案。"))
        return redirect("placements:matching", pk=batch.pk)


class FinishMatchingView(ServiceFormView):
    roles = (Role.ORG_STAFF,)
    model = Batch
    select_related = ("program",)
    form_class = ConfirmForm
    title = _("结束对接")
    submit_label = _("结束对接")
    irreversible = True
    success_message = _("已结束对接：未选派的推荐人选已告知派出单位和本人，批次进入挂职中。")

    def perform(self, form):
        return services.finish_matching(self.object, self.request.user)


class MatchingRunView(RoleRequiredMixin, View):
    roles = (Role.ORG_STAFF,)

    def post(self, request, pk):
        batch = get_object_or_404(Batch.objects.visible_to(request.user), pk=pk)
        try:
            proposals = services.run_matching(batch, request.user)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request,
                             _("匹配完成：生成%d个对接方案，请逐一确认。") % len(proposals))
        return redirect("placements:matching", pk=batch.pk)
