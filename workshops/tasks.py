"""Celery tasks: thin, IDs only; the work is in the modules they name."""

from celery import shared_task


@shared_task
def send_session_reminders():
    """Beat, every ten minutes: the reminders due 7 days and 1 day before sessions."""
    from workshops import reminders

    return reminders.send_due_reminders()
