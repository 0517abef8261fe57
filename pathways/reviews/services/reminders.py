"""Reminders of reviews past the district's target, each sent once however often it runs."""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Kind
from notifications.services import Draft, notify_many
from pathways.models import Review, ReviewReminder, Submission
from pathways.reviews.services.assignment import district_admin_ids, review_url
from schools.models import DistrictPolicy

_TABLES = {
    "review": Review._meta.db_table,
    "reminder": ReviewReminder._meta.db_table,
    "submission": Submission._meta.db_table,
    "micro_credential": Submission._meta.get_field("micro_credential").related_model._meta.db_table,
}


@transaction.atomic
def review_remind_overdue(*, now: datetime.datetime | None = None) -> int:
    """Remind reviewers of open reviews past the district's target: reminder n is due
    `review_target_days * n` days after assignment. Each is a ReviewReminder row inserted
    with ON CONFLICT DO NOTHING RETURNING, and only rows really inserted are notified, in
    this transaction: however often it runs, each reminder goes out once. From the second
    reminder on, the district administrators are told too. A fixed number of queries."""
    now = now or timezone.now()
    target = DistrictPolicy.current().review_target_days
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH inserted AS (
                INSERT INTO {_TABLES["reminder"]} (review_id, number, sent_at)
                SELECT r.id, floor(extract(epoch FROM %(now)s - r.assigned_at) / %(period)s)::int, %(now)s
                FROM {_TABLES["review"]} r
                WHERE r.completed_at IS NULL AND r.assigned_at <= %(now)s - make_interval(days => %(days)s)
                ORDER BY r.id
                ON CONFLICT DO NOTHING
                RETURNING review_id, number
            )
            SELECT r.id, r.reviewer_id, i.number, mc.title, s.attempt
            FROM inserted i
            JOIN {_TABLES["review"]} r ON r.id = i.review_id
            JOIN {_TABLES["submission"]} s ON s.id = r.submission_id
            JOIN {_TABLES["micro_credential"]} mc ON mc.id = s.micro_credential_id
            ORDER BY r.id
            """,
            {"now": now, "days": target, "period": target * 86400},
        )
        sent = cursor.fetchall()
    admins = district_admin_ids() if any(row[2] >= 2 for row in sent) else []
    drafts = []
    for review_id, reviewer_id, number, title, attempt in sent:
        days = target * number
        drafts.append(
            Draft(
                recipient_id=reviewer_id,
                kind=Kind.REVIEW_REMINDER,
                title=f"A review has waited {days} days: {title}",
                body=f"Attempt {attempt}. The district's target is {target} days.",
                url=review_url(review_id),
            )
        )
        if number >= 2:
            drafts += [
                Draft(
                    recipient_id=admin_id,
                    kind=Kind.REVIEW_REMINDER,
                    title=f"A review has waited {days} days (reminder {number}): {title}",
                    body=f"Attempt {attempt}. Its reviewer has been reminded {number} times.",
                    url=review_url(review_id),
                )
                for admin_id in admins
                if admin_id != reviewer_id
            ]
    notify_many(drafts)
    return len(sent)
