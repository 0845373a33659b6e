"""The matching board of a batch (精准对接): run the engine, then accept, change (with a
reason), or reject each proposal; accepted ones become placements."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.choices import Role
from core.exceptions import NotAllowed, ServiceError
from core.pages import RoleRequiredMixin
from programs.models import Batch

from .. import services
from ..choices import PUBLISHED_ORDER_STATUSES, ProposalStatus
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
        proposals = (MatchProposal.objects.filter(batch=batch, status=ProposalStatus.PROPOSED)
                     .select_related("nomination__cadre__employer", "order__receiving_unit")
                     .order_by("order__receiving_unit__name", "order_id", "-score", "pk"))
        orders = (DemandOrder.objects.filter(batch=batch, status__in=PUBLISHED_ORDER_STATUSES)
                  .select_related("receiving_unit").order_by("receiving_unit__name", "pk"))
        typed = typed or {}
        rows = [{"p": p, "decision": typed.get(f"p{p.pk}-decision", ""),
                 "order": typed.get(f"p{p.pk}-order", ""),
                 "reason": typed.get(f"p{p.pk}-reason", "")} for p in proposals]
        counts = dict(MatchProposal.objects.filter(batch=batch).values_list("status")
                      .annotate(n=Count("id")))
        waiting = Nomination.objects.filter(batch=batch, status="nominated").count()
        return render(self.request, self.template_name, {
            "object": batch, "batch": batch, "rows": rows, "orders": orders, "errors": errors,
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
