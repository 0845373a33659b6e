"""The placements app's API: batches' matching, orders, nominations, placements and life on
post."""
from . import onpost, term, views

# Registered on the project's router (secondment/api/urls.py), beside every app's.
routes = [
    ("batches", views.BatchViewSet),
    ("orders", views.DemandOrderViewSet),
    ("eligibility-rules", views.EligibilityRuleViewSet),
    ("offers", views.OfferViewSet),
    ("agreements", views.AgreementViewSet),
    ("extensions", term.ExtensionViewSet),
    ("readiness-items", term.ReadinessItemViewSet),
    ("handovers", term.HandoverViewSet),
    ("return-plans", term.ReturnPlanViewSet),
    ("later-uses", term.LaterUseViewSet),
    ("nominations", views.NominationViewSet),
    ("placements", views.PlacementViewSet),
    ("leaves", onpost.LeaveViewSet),
    ("work-logs", onpost.WorkLogViewSet),
    ("inspections", onpost.InspectionViewSet),
    ("achievements", onpost.AchievementViewSet),
    ("appraisals", onpost.AppraisalViewSet),
    ("allowance-statements", onpost.AllowanceStatementViewSet),
]
urlpatterns = []
