from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from placements.choices import ACTIVE_PLACEMENT_STATUSES
from placements.models import Placement
from programs.models import Program


@login_required
def home(request):
    """The signed-in user's start page: the programs and placements they are concerned with."""
    programs = (
        Program.objects.visible_to(request.user)
        .select_related("organizer")
        .annotate(
            placement_count=Count("batches__placements", distinct=True),
            active_count=Count(
                "batches__placements",
                filter=Q(batches__placements__status__in=ACTIVE_PLACEMENT_STATUSES),
                distinct=True,
            ),
        )
    )
    placements = (
        Placement.objects.visible_to(request.user)
        .select_related("cadre", "host_unit", "home_unit")
        .order_by("-start_date")[:10]
    )
    return render(request, "home.html", {"programs": programs, "placements": placements})
