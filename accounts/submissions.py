"""A form posted twice is saved once: a double click, a reload that sends the form again, the
same page left open in two tabs.

Every form that creates something carries a one-time token, fresh each time the page is shown
(`SubmissionTokenMixin`, a hidden field). The view saves inside `once(form, user=…)`, which
inserts a `FormSubmission` row for (user, token) first, in the same transaction as the rows the
form creates:

- a second post of the same form inserts the same (user, token); while the first is not
  committed, PostgreSQL makes it wait on the unique index; once the first commits, the insert
  fails and `once` raises `AlreadySubmitted`, carrying the first one's result page: the view
  sends the user there with an information message, and nothing is saved twice;
- if the first post fails (any exception in the block), its token row is rolled back with the
  rest and the form can be sent again.

Views that check something the first post makes untrue (a state, a uniqueness rule) before
they save call `check_not_repeated(form, user=…)` first, so that a repeat is told it was done
rather than refused. Create pages built on Django's generic views take `SubmitOnceMixin`.

A form posted without a token (a page shown before tokens existed, a script) is saved as
before, without this protection. Tokens are per user: another user's token is a different
submission and never leads to theirs. The rows are small (one per thing created) and kept;
nothing reads old ones, so they may be deleted at will (`FormSubmission.objects.filter(
created_at__lt=…).delete()`)."""

import uuid
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.models import FormSubmission

TOKEN_FIELD = "submission_token"


class AlreadySubmitted(Exception):
    """The user had already sent this form; `url` is the page of its result."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url

    def response(self, request):
        messages.info(
            request,
            _(
                "Ce formulaire avait déjà été envoyé et son contenu enregistré : il n'a "
                "pas été enregistré une seconde fois."
            ),
        )
        return redirect(self.url)


class SubmissionTokenField(forms.UUIDField):
    """The hidden one-time token; a value altered by hand counts as no token at all."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)  # called once per form shown
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class SubmissionTokenMixin:
    """For a form that creates something: adds the hidden `submission_token` field. A model
    form editing an existing row gets none (saving it twice changes nothing). A form with a
    crispy layout lists TOKEN_FIELD in it when present (crispy renders the fields it names)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            self.fields[TOKEN_FIELD] = SubmissionTokenField()


class SubmissionTokenForm(SubmissionTokenMixin, forms.Form):
    """The token alone, for a form written in its template (buttons that carry the choice):
    the template shows `{{ form.submission_token }}`, the view reads the post with it."""


def token_of(form):
    """The token the bound `form` was posted with, or None (read before any validation)."""
    field = form.fields.get(TOKEN_FIELD)
    if field is None or not form.is_bound:
        return None
    return field.clean(form[TOKEN_FIELD].data)


def _earlier_result(user, token):
    return (
        FormSubmission.objects.filter(user=user, token=token)
        .values_list("result_url", flat=True)
        .first()
    )


def check_not_repeated(form, *, user):
    """Raise AlreadySubmitted if `user` has already sent this very form (a plain read)."""
    token = token_of(form)
    if token is not None:
        url = _earlier_result(user, token)
        if url is not None:
            raise AlreadySubmitted(url)


class Submission:
    def __init__(self, result_url):
        self.result_url = result_url

    def done(self, url):
        """The page where the result is shown, where a repeat of this form is sent."""
        self.result_url = str(url)


@contextmanager
def once(form, *, user, result_url=""):
    """Save `form`'s effects in the block, once per token (see the module's docstring).

    Raises AlreadySubmitted on entering when `user` has sent this form before (waiting first
    for that earlier post to commit or roll back). The block runs in a transaction; it names
    its result page with `result_url` or with `submission.done(url)`."""
    token = token_of(form)
    with transaction.atomic():
        row = None
        if token is not None:
            try:
                with transaction.atomic():
                    row = FormSubmission.objects.create(
                        user=user, token=token, result_url=result_url
                    )
            except IntegrityError:
                url = _earlier_result(user, token)
                if url is None:  # not the token's unique index: a real error
                    raise
                raise AlreadySubmitted(url) from None
        submission = Submission(result_url)
        yield submission
        if row is not None and row.result_url != submission.result_url:
            row.result_url = submission.result_url
            row.save(update_fields=["result_url"])
        if row is not None and not row.result_url:
            raise ValueError("once(): name the result page (result_url or done(url)).")


class SubmitOnceMixin:
    """For a create page on Django's FormView or CreateView whose form has the token: a repeat
    is sent to the first post's result (the URL of form_valid's redirect). A view that writes
    its own form_valid saves inside `once(form, …)` there; the mixin still answers repeats."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except AlreadySubmitted as already:
            return already.response(request)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.method == "POST":
            # Before validation: the first post may have made this one invalid (a campaign
            # of the same year, an overlapping window), yet it was done.
            check_not_repeated(form, user=self.request.user)
        return form

    def form_valid(self, form):
        with once(form, user=self.request.user) as submission:
            response = super().form_valid(form)
            submission.done(response.url)
        return response
