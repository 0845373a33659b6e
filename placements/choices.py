from django.db import models
from django.utils.translation import gettext_lazy as _

# The kinds are the program's setting (which count as on post) as much as the leave's.
from programs.choices import LeaveKind  # noqa: F401


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交待审核")
    APPROVED = "approved", _("已审核发布")
    RETURNED = "returned", _("已退回")
    PARTIALLY_FILLED = "partially_filled", _("部分满足")
    FILLED = "filled", _("已满足")
    CLOSED = "closed", _("已关闭")


# Orders that are published needs: dispatching units read them and matching fills them.
PUBLISHED_ORDER_STATUSES = (
    OrderStatus.APPROVED, OrderStatus.PARTIALLY_FILLED, OrderStatus.FILLED,
)


# Orders that can still take a placement (matching, direct placement, import, 自主对接),
# while a slot is open: DemandOrder.can_take_placement and DemandOrder.objects.taking_placements.
PLACEABLE_ORDER_STATUSES = (OrderStatus.APPROVED, OrderStatus.PARTIALLY_FILLED)


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("已推荐")
    SHORTLISTED = "shortlisted", _("入围")
    SELECTED = "selected", _("已选派")
    DECLINED = "declined", _("未选派")
    WITHDRAWN = "withdrawn", _("已撤回")


# A nomination in one of these states no longer holds the cadre for the batch.
INACTIVE_NOMINATION_STATUSES = (NominationStatus.DECLINED, NominationStatus.WITHDRAWN)


class Direction(models.TextChoices):
    DOWN = "down", _("下派")
    UP = "up", _("上挂")
    MUTUAL = "mutual", _("互派")
    OUT = "out", _("外派")


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("待出发")
    TRAINING = "training", _("岗前培训")
    ON_POST = "on_post", _("在岗")
    COMPLETED = "completed", _("期满返回")
    ENDED_EARLY = "ended_early", _("提前结束")


ACTIVE_PLACEMENT_STATUSES = (
    PlacementStatus.PLANNED, PlacementStatus.TRAINING, PlacementStatus.ON_POST,
)
FINISHED_PLACEMENT_STATUSES = (PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY)
# A placement that has been on post: its diary, leave, results and pay are recorded.
STARTED_PLACEMENT_STATUSES = (PlacementStatus.ON_POST, *FINISHED_PLACEMENT_STATUSES)


class LeaveStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    REPORTED_BACK = "reported_back", _("已销假")


class WorkLogCategory(models.TextChoices):
    RESEARCH = "research", _("调查研究")
    PROJECT = "project", _("项目推进")
    INVESTMENT = "investment", _("招商引资")
    POLICY = "policy", _("政策争取")
    SERVICE = "service", _("服务群众")
    MEETING = "meeting", _("会议活动")
    STUDY = "study", _("学习培训")
    OTHER = "other", _("其他")


# Leave that counts: not a day on post for allowances, not a missing work-log day.
APPROVED_LEAVE_STATUSES = (LeaveStatus.APPROVED, LeaveStatus.REPORTED_BACK)


class WorkLogStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审阅")
    ACCEPTED = "accepted", _("已确认")
    NEEDS_MORE = "needs_more", _("需补充")


class InspectionKind(models.TextChoices):
    VISIT = "visit", _("实地走访")
    DIARY_CHECK = "diary_check", _("纪实检查")


class InspectionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    DONE = "done", _("已完成")


class InspectionRating(models.TextChoices):
    GOOD = "good", _("好")
    FAIR = "fair", _("较好")
    AVERAGE = "average", _("一般")
    POOR = "poor", _("差")


class AchievementCategory(models.TextChoices):
    POLICY_SUPPORT = "policy_support", _("争取政策支持")
    FUNDS_SECURED = "funds_secured", _("争取资金")
    PROJECT_ADVANCED = "project_advanced", _("推进项目")
    INVESTMENT_ATTRACTED = "investment_attracted", _("招商引资")
    TRAINING_GIVEN = "training_given", _("培训授课")
    OTHER = "other", _("其他")


class AppraisalKind(models.TextChoices):
    ANNUAL = "annual", _("年度考核")
    END_OF_TERM = "end_of_term", _("期满考核")


class AppraisalSide(models.TextChoices):
    HOST = "host", _("接收单位")
    HOME = "home", _("派出单位")


class OfferStatus(models.TextChoices):
    """A second round's offer (补充匹配; DESIGN Turn-3 `offers/`)."""

    OPEN = "open", _("待答复")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已谢绝")
    EXPIRED = "expired", _("已过期")


class SpouseRule(models.TextChoices):
    """A couple nominated in one batch (DESIGN Turn-3 `spouse_rule`)."""

    TOGETHER = "together", _("同地安排")
    APART = "apart", _("不同时外派")


class EligibilityKind(models.TextChoices):
    """资格条件 a program sets (placements.models.EligibilityRule)."""

    AGE_CAP = "age_cap", _("年龄上限")
    MIN_EDUCATION = "min_education", _("最低学历")
    MIN_GRADE = "min_grade", _("近一次考核等次")
    YEARS_IN_POST = "years_in_post", _("任现职年限")
    YEARS_IN_RANK = "years_in_rank", _("任现职级年限")
    MONTHS_SINCE_PLACEMENT = "months_since_placement", _("距上次挂职结束月数")
    RESERVE_ONLY = "reserve_only", _("限后备干部")
    DECLARATION = "declaration", _("派出单位确认事项")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASICALLY_COMPETENT = "basically_competent", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    ACCEPTED = "accepted", _("已确认")
    REJECTED = "rejected", _("已否决")
