from celery import shared_task

from requests import services


@shared_task
def send_window_reminders():
    return services.send_window_reminders()


@shared_task
def send_office_digests():
    return services.send_office_digests()
