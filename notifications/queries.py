from notifications.models import Message


def inbox(user):
    return Message.objects.filter(recipient=user, in_inbox=True).only(
        "subject", "kind", "url", "created_at", "read_at", "recipient_id"
    )


def unread_count(user):
    return Message.objects.filter(recipient=user, in_inbox=True, read_at__isnull=True).count()
