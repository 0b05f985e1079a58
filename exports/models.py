"""Files produced in the background for one user: the office's big exports, a school's
mission orders. The row says how far production went; the file is the owner's alone."""

import posixpath
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exports import registry

# A running export whose progress has not moved for this long was left by a worker that
# died: its page says so, and a redelivered task may take it up again.
STALLED_AFTER = timedelta(minutes=10)


def export_path(instance, filename):
    """exports/<random>/<name>: the download keeps its plain name, and no two files meet."""
    return posixpath.join("exports", uuid.uuid4().hex, filename)


def grouped(number):
    """12 000, as French writes it, whatever USE_THOUSAND_SEPARATOR says."""
    return formats.number_format(number, force_grouping=True)


class Export(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Prêt")
        FAILED = "failed", _("Échec")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name=_("demandé par"),
    )
    # The producer's key in exports/registry.py, e.g. "ant_queue".
    kind = models.CharField(_("type"), max_length=60)
    label = models.CharField(_("intitulé"), max_length=200)
    # What the producer needs to find the rows again (filters, ids), never the rows.
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rows_done = models.PositiveIntegerField(_("lignes produites"), default=0)
    rows_total = models.PositiveIntegerField(_("lignes à produire"), default=0)
    file = models.FileField(_("fichier"), upload_to=export_path, max_length=300, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    # Moved by every progress report: how the page and the task tell a stalled export.
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("export")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="export_owner_idx")]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("exports:detail", args=[self.pk])

    @property
    def in_progress(self):
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def stalled(self):
        return (
            self.status == self.Status.RUNNING and self.updated_at < timezone.now() - STALLED_AFTER
        )

    @property
    def filename(self):
        return posixpath.basename(self.file.name) if self.file else ""

    @property
    def percent(self):
        if not self.rows_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def progress_text(self):
        """« 12 000 lignes sur 92 000 », « 40 pages sur 149 »."""
        try:
            unit = registry.producer_for(self.kind).unit
        except LookupError:
            unit = registry.ROWS
        done, total = grouped(self.rows_done), grouped(self.rows_total)
        if unit == registry.PAGES:
            text = ngettext(
                "%(done)s page sur %(total)s", "%(done)s pages sur %(total)s", self.rows_done
            )
        else:
            text = ngettext(
                "%(done)s ligne sur %(total)s", "%(done)s lignes sur %(total)s", self.rows_done
            )
        return text % {"done": done, "total": total}
