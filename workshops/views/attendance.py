"""Attendance (issue 11, point 4): the managers' page to note presences on the day (one
column, works on a phone and without JavaScript), the declaration that the session took
place, the attendance sheet (émargement) and the attestations of attendance as PDFs."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from workshops import attendance, pdf, permissions
from workshops.models import Participant, Session

SESSION_RELATED = ("programme", "academie", "host_school")


class AttendanceForm(forms.Form):
    """One presence (« Présent / Absent ») and one hours field per enrolled participant."""

    CHOICES = [
        (Participant.Attendance.PRESENT, gettext_lazy("Présent ou présente")),
        (Participant.Attendance.ABSENT, gettext_lazy("Absent ou absente")),
    ]

    def __init__(self, *args, session, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.participants = participants
        for participant in participants:
            name = participant.user.full_name
            self.fields[self.presence_name(participant)] = forms.ChoiceField(
                label=name,
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=participant.attendance or None,
            )
            self.fields[self.hours_name(participant)] = forms.DecimalField(
                label=_("Heures suivies par %(name)s") % {"name": name},
                max_digits=4,
                decimal_places=1,
                required=False,
                localize=True,
                initial=participant.hours_attended
                if participant.hours_attended is not None
                else session.hours,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )

    @staticmethod
    def presence_name(participant):
        return f"presence_{participant.pk}"

    @staticmethod
    def hours_name(participant):
        return f"heures_{participant.pk}"

    def clean(self):
        cleaned = super().clean()
        for participant in self.participants:
            presence = cleaned.get(self.presence_name(participant))
            hours_field = self.hours_name(participant)
            hours = cleaned.get(hours_field)
            if presence != Participant.Attendance.PRESENT or hours is None:
                continue
            error = attendance.hours_error(hours, self.session)
            if error:
                self.add_error(hours_field, error)
        return cleaned

    def rows(self):
        """[(participant, presence field, hours field)] in the participants' order."""
        return [
            (p, self[self.presence_name(p)], self[self.hours_name(p)]) for p in self.participants
        ]

    def marks(self):
        return [
            (
                participant,
                self.cleaned_data.get(self.presence_name(participant)) or "",
                self.cleaned_data.get(self.hours_name(participant)),
            )
            for participant in self.participants
        ]


def _managed_session(request, pk):
    return permissions.session_for_manager_or_404(
        request.user, pk, Session.objects.select_related(*SESSION_RELATED)
    )


@require_http_methods(["GET", "POST"])
def take(request, pk):
    session = _managed_session(request, pk)
    participants = list(attendance.enrolled(session))
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        session=session,
        participants=participants,
    )
    refused = False
    if request.method == "POST" and form.is_valid():
        try:
            attendance.record_attendance(session=session, marks=form.marks(), by=request.user)
        except attendance.AttendanceError as error:
            messages.error(request, str(error))
            refused = True
        else:
            messages.success(request, _("Les présences sont enregistrées."))
            return redirect("workshops:attendance", pk=session.pk)
    started = attendance.has_started(session)
    unmarked = sum(1 for p in participants if not p.attendance)
    return render(
        request,
        "workshops/attendance/take.html",
        {
            "session": session,
            "form": form,
            "started": started,
            "open": started and session.status != Session.Status.CANCELLED,
            "present_count": sum(1 for p in participants if p.attendance == "present"),
            "unmarked": unmarked,
            "may_declare_done": (
                started
                and session.status in (Session.Status.PLANNED, Session.Status.CONFIRMED)
                and participants
                and not unmarked
            ),
        },
        status=400 if (form.errors or refused) else 200,
    )


@require_POST
def declare_done(request, pk):
    session = _managed_session(request, pk)
    try:
        attendance.declare_done(session=session, by=request.user)
    except attendance.AttendanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("La séance est déclarée réalisée."))
    return redirect("workshops:attendance", pk=session.pk)


def _pdf_response(content, filename):
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(False, filename)},
    )


def emargement(request, pk):
    session = _managed_session(request, pk)
    if session.starts_at is None:
        raise Http404
    content = pdf.emargement_pdf(session=session, base_url=request.build_absolute_uri("/"))
    return _pdf_response(content, f"emargement-seance-{session.pk}.pdf")


def _attestation_response(request, participant):
    content = pdf.attestation_pdf(
        participant=participant,
        base_url=request.build_absolute_uri("/"),
        issued_on=timezone.localdate(),
    )
    name = slugify(participant.user.full_name) or str(participant.pk)
    return _pdf_response(content, f"attestation-{name}-seance-{participant.session_id}.pdf")


def attestation_mine(request, pk):
    participant = permissions.attended_participation_or_404(request.user, pk)
    return _attestation_response(request, participant)


def attestation(request, pk, participant_pk):
    session = _managed_session(request, pk)
    participant = get_object_or_404(
        Participant.objects.select_related("user"),
        session=session,
        pk=participant_pk,
        attendance=Participant.Attendance.PRESENT,
    )
    participant.session = session
    return _attestation_response(request, participant)
