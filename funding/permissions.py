"""Who may see and edit the funded operations.

The académie's administrators edit them; its other staff (EAFC/DAFOR, SAIO, IEN) read them;
everyone else, another académie's administrators included, gets a 404. The individual
participants are the administrators' only. The public page shows what EU publicity rules
require and nothing personal.
"""

from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import academie_ids
from funding.models import Operation

EDITOR_ROLES = (Role.ADMINISTRATEUR,)
READER_ROLES = (Role.ADMINISTRATEUR, Role.DAFOR, Role.SAIO, Role.IEN)


def readable_academies(user):
    return academie_ids(user, *READER_ROLES) if user.is_authenticated else set()


def editable_academies(user):
    return academie_ids(user, *EDITOR_ROLES) if user.is_authenticated else set()


def readable_operations(user):
    return Operation.objects.filter(academie__in=readable_academies(user))


def may_edit(user, operation):
    return operation.academie_id in editable_academies(user)


def operation_for_reader_or_404(user, pk, queryset=None):
    operations = queryset if queryset is not None else Operation.objects.all()
    return get_object_or_404(operations.filter(academie__in=readable_academies(user)), pk=pk)


def operation_for_editor_or_404(user, pk, queryset=None):
    operations = queryset if queryset is not None else Operation.objects.all()
    return get_object_or_404(operations.filter(academie__in=editable_academies(user)), pk=pk)


# --- part C: the individual participants ---
def operation_for_participants_or_404(user, pk, queryset=None):
    """The individual participants are personal data the fund demands: only the académie's
    administrators see them, readers (DAFOR included) get a 404 like anyone else."""
    return operation_for_editor_or_404(user, pk, queryset)


# --- end of part C ---
