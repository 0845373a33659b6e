"""The periodic jobs beat runs by default. They are installed once into django-celery-beat's
tables (reports/migrations/0004) and from then on kept in the admin (周期任务): a department
can move a job's hour or switch it off without a deployment."""

# name, task, crontab (minute, hour, day of month, month of year, day of week), kwargs
DEFAULT_SCHEDULES = [
    ("每月补助结算（每月1日 01:30）", "placements.generate_monthly_allowance_statements",
     ("30", "1", "1", "*", "*"), {}),
    ("月度概况报表（每月1日 06:00）", "reports.make_periodic_reports",
     ("0", "6", "1", "*", "*"), {"kind": "monthly_overview"}),
    ("补助结算报表（每月1日 06:30）", "reports.make_periodic_reports",
     ("30", "6", "1", "*", "*"), {"kind": "allowance_statements"}),
    ("季度批次汇总报表（每季度首月1日 07:00）", "reports.make_periodic_reports",
     ("0", "7", "1", "1,4,7,10", "*"), {"kind": "batch_summary"}),
    ("每晚提醒（每天 02:30）", "reports.raise_alerts", ("30", "2", "*", "*", "*"), {}),
    ("报表补投（每5分钟）", "reports.requeue_stalled_reports", ("*/5", "*", "*", "*", "*"), {}),
    ("补充匹配邀请到期（每15分钟）", "placements.expire_offers", ("*/15", "*", "*", "*", "*"), {}),
    ("逾期待办提醒（工作日 08:30）", "placements.remind_overdue_reviews",
     ("30", "8", "*", "*", "1-5"), {}),
]
