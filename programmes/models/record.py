"""The training record (issue 10, point 5): the first degree's yearly hours of animations
pédagogiques, set per département and school year, and each teacher's service share.

The rules that read them (what is owed, pro-rating, met or not, what is missing) are in
programmes/record.py."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Academie

__all__ = ["AnimationHoursRule", "ServiceShare"]

# "2026-2027": the years' consecutiveness is checked by the forms (programmes/record.py).
SCHOOL_YEAR_VALIDATOR = RegexValidator(
    r"^\d{4}-\d{4}$", _("Saisissez une année scolaire sous la forme 2026-2027.")
)


class AnimationHoursRule(models.Model):
    """What a full-time PE owes in a département for a school year: `total_hours` of
    animations pédagogiques and training, of which at least `online_min_hours` on digital
    support (seed 002: « au moins 9 des 18 heures … sur support numérique »; no national text
    fixes the online part). Without a row, 18 h of which 9 h apply (programmes/record.py)."""

    academie = models.ForeignKey(
        Academie,
        on_delete=models.PROTECT,
        related_name="animation_hours_rules",
        verbose_name=_("académie"),
    )
    departement = models.CharField(_("département"), max_length=3)
    school_year = models.CharField(
        _("année scolaire"), max_length=9, validators=[SCHOOL_YEAR_VALIDATOR]
    )
    total_hours = models.DecimalField(
        _("heures dues à temps plein"), max_digits=4, decimal_places=1
    )
    online_min_hours = models.DecimalField(
        _("dont au moins, à distance"), max_digits=4, decimal_places=1
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("règle des animations pédagogiques")
        verbose_name_plural = _("règles des animations pédagogiques")
        ordering = ["-school_year", "departement"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "school_year"], name="animation_rule_unique_year"
            ),
            models.CheckConstraint(
                condition=Q(total_hours__gt=0), name="animation_rule_total_positive"
            ),
            models.CheckConstraint(
                condition=Q(online_min_hours__gte=0, online_min_hours__lte=F("total_hours")),
                name="animation_rule_online_within_total",
            ),
        ]

    def __str__(self):
        return _("%(dep)s en %(year)s (%(total)s h, dont %(online)s h à distance)") % {
            "dep": self.departement,
            "year": self.school_year,
            "total": self.total_hours.normalize(),
            "online": self.online_min_hours.normalize(),
        }


class ServiceShare(models.Model):
    """A teacher's service share (quotité de service) for a school year; 100 % without a row.
    Only the shares of the pro-rating table (programmes/record.py) may be recorded."""

    class Share(models.IntegerChoices):
        FULL = 100, _("Temps plein (100 %)")
        THREE_QUARTERS = 75, _("Temps partiel à 75 %")
        HALF = 50, _("Temps partiel à 50 %")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="service_shares",
        verbose_name=_("enseignant"),
    )
    school_year = models.CharField(
        _("année scolaire"), max_length=9, validators=[SCHOOL_YEAR_VALIDATOR]
    )
    share = models.PositiveSmallIntegerField(
        _("quotité de service"), choices=Share.choices, default=Share.FULL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quotité de service")
        verbose_name_plural = _("quotités de service")
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school_year"], name="service_share_unique"),
            models.CheckConstraint(
                condition=Q(share__in=[100, 75, 50]), name="service_share_in_table"
            ),
        ]

    def __str__(self):
        return _("quotité de %(share)s %% en %(year)s") % {
            "share": self.share,
            "year": self.school_year,
        }
