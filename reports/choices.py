from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    MONTHLY_OVERVIEW = "monthly_overview", _("月度概况")
    BATCH_SUMMARY = "batch_summary", _("批次汇总")
    UNIT_BREAKDOWN = "unit_breakdown", _("单位分布")
    WORKLOG_COMPLIANCE = "worklog_compliance", _("纪实填报情况")
    ACHIEVEMENTS = "achievements", _("履职成果")
    APPRAISALS = "appraisals", _("考核结果")
    ALLOWANCE_STATEMENTS = "allowance_statements", _("补助结算")
    TARGET_PROGRESS = "target_progress", _("目标进度")
    LATER_USE = "later_use", _("返回后使用")


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel")
    CSV = "csv", _("CSV")
    PDF = "pdf", _("PDF")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class AlertKind(models.TextChoices):
    TERM_ENDING = "term_ending", _("挂职即将期满")
    WORKLOG_MISSING = "worklog_missing", _("纪实未填报")
    ORDER_REVIEW_OVERDUE = "order_review_overdue", _("订单待审核超期")
    BATCH_UNFILLED = "batch_unfilled", _("批次需求未满足")
    INSURANCE_LAPSING = "insurance_lapsing", _("意外险即将到期")
    INSPECTION_DUE = "inspection_due", _("定期检查到期")
