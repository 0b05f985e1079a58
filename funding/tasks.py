"""Celery tasks of the funding app: thin, the work is in the modules they name."""

from celery import shared_task


@shared_task
def purge_participants():
    """Beat, daily: erase the participants whose retention date has passed."""
    from funding import participants

    return participants.purge_expired()
