"""The outbox: every message to a person is a row, written in the transaction of the change
that causes it, then delivered by Celery after commit (see services.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("type"), max_length=60)
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    url = models.CharField(_("lien"), max_length=500, blank=True)
    # Messages such as a password-reset link go by e-mail only, never into the inbox.
    in_inbox = models.BooleanField(_("visible dans la messagerie"), default=True)
    # One attached file, kept as text (a convocation's .ics): the e-mail is rebuilt from the row
    # at each delivery attempt.
    attachment_name = models.CharField(_("pièce jointe"), max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment_content = models.TextField(blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    # After a failure, neither the sweep nor a retry sends before this time (backoff).
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "in_inbox", "read_at"], name="message_inbox_idx"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="message_pending_idx",
            ),
        ]

    def __str__(self):
        return self.subject
