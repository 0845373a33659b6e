from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api.views import SecurityEventViewSet, TokenView
from cadres.api.views import CadreViewSet, ExpertiseViewSet
from imports.api.views import ImportJobViewSet
from placements.api import onpost
from placements.api import views as placements
from programs.api import views as programs
from reports.api import views as reports

router = DefaultRouter()
router.register("regions", programs.RegionViewSet)
router.register("units", programs.UnitViewSet)
router.register("programs", programs.ProgramViewSet)
router.register("tracks", programs.TrackViewSet)
router.register("batches", placements.BatchViewSet)
router.register("targets", programs.ProgramTargetViewSet)
router.register("allowance-policies", programs.AllowancePolicyViewSet)
router.register("holidays", programs.HolidayViewSet)
router.register("expertise", ExpertiseViewSet)
router.register("cadres", CadreViewSet)
router.register("orders", placements.DemandOrderViewSet)
router.register("nominations", placements.NominationViewSet)
router.register("placements", placements.PlacementViewSet)
router.register("leaves", onpost.LeaveViewSet)
router.register("work-logs", onpost.WorkLogViewSet)
router.register("inspections", onpost.InspectionViewSet)
router.register("achievements", onpost.AchievementViewSet)
router.register("appraisals", onpost.AppraisalViewSet)
router.register("allowance-statements", onpost.AllowanceStatementViewSet)
router.register("reports", reports.ReportViewSet)
router.register("alerts", reports.AlertViewSet)
router.register("security-events", SecurityEventViewSet)
router.register("imports", ImportJobViewSet)

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("stats/overview/", reports.OverviewView.as_view(), name="stats-overview"),
    path("stats/worklog-compliance/", reports.ComplianceView.as_view(),
         name="stats-worklog-compliance"),
    path("stats/achievements/", reports.AchievementStatsView.as_view(),
         name="stats-achievements"),
    path("stats/appraisals/", reports.AppraisalStatsView.as_view(), name="stats-appraisals"),
    path("stats/fulfilment/", reports.FulfilmentView.as_view(), name="stats-fulfilment"),
    path("stats/allowances/", reports.AllowanceStatsView.as_view(), name="stats-allowances"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("", include(router.urls)),
]
