"""The 考核评价 section of a placement's page: its 民主测评, 述职 and talks, and the steps
their predicates offer the reader — so that the placements app's pages need not import this
one."""
from django import template
from django.db.models import Q

from ..ballots import can_open_ballot, latest_suggestion
from ..host_ratings import can_rate_host, notes_for
from ..models import Ballot, ReportOfDuty, Talk
from ..services import can_record_talk, can_write_report

register = template.Library()


@register.inclusion_tag("evaluations/_placement_section.html", takes_context=True)
def placement_evaluations(context, placement):
    user = context["request"].user
    return {
        "placement": placement,
        "ballots": Ballot.objects.visible_to(user).filter(
            Q(placement=placement) | Q(batch=placement.batch_id,
                                       sheets__placement=placement)).distinct(),
        "reports": ReportOfDuty.objects.visible_to(user).filter(placement=placement),
        "talks": Talk.objects.visible_to(user).filter(placement=placement),
        "can_open_ballot": can_open_ballot(user, placement.batch.program, placement),
        "can_record_talk": can_record_talk(user, placement),
        "can_write_report": can_write_report(user, placement),
        "suggestion": latest_suggestion(placement) if can_record_talk(user, placement)
        else "",
    }


@register.inclusion_tag("evaluations/_my_alerts.html", takes_context=True)
def my_evaluations(context, placement):
    """On the cadre's /my/: the host rating when it is due, the report of duty, and the notes
    earlier cadres at the post left for them."""
    user = context["request"].user
    return {"placement": placement, "rate_host": can_rate_host(user, placement),
            "report": can_write_report(user, placement), "notes": list(notes_for(placement))}


@register.inclusion_tag("evaluations/_batch_section.html", takes_context=True)
def batch_evaluations(context, batch):
    user = context["request"].user
    return {"batch": batch,
            "ballots": Ballot.objects.visible_to(user).filter(batch=batch),
            "can_open_ballot": can_open_ballot(user, batch.program)}
