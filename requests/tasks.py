from celery import shared_task

from requests import services


@shared_task
def send_window_reminders():
    return services.send_window_reminders()


@shared_task
def send_office_digests():
    return services.send_office_digests()


# --- opinions of the académie's services (issue 9, point 2) ---
@shared_task
def send_opinion_reminders():
    from requests import opinions

    return opinions.send_opinion_reminders()
