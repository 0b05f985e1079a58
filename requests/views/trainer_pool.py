"""The trainer pool (issue 9, point 9): the office creates and edits the trainer profiles of
its académie; a trainer volunteers for catalogue themes from their own page.

« Elle … identifie, en lien avec les corps d'inspection, les formateurs volontaires » (seed
004). The office's pages are 404 for anyone but the EAFC/DAFOR of the profile's académie; the
volunteer page for anyone without a trainer profile."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts.models import Role
from accounts.permissions import academie_ids
from accounts.submissions import SubmitOnceMixin, once
from requests import services
from requests.forms.trainer_pool import TrainerProfileForm, VolunteerForm
from requests.models import TrainerProfile


def _office_academie(request):
    """The académie the office works on: its only one, or the one named by ?academie=."""
    office_of = sorted(academie_ids(request.user, Role.DAFOR))
    if not office_of:
        raise Http404
    wanted = request.GET.get("academie") or request.POST.get("academie")
    return next((a for a in office_of if str(a) == wanted), office_of[0])


class TrainerCreateView(SubmitOnceMixin, FormView):
    form_class = TrainerProfileForm
    template_name = "requests/trainer_pool/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.academie_id = _office_academie(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "academie_id": self.academie_id,
            "instance": TrainerProfile(academie_id=self.academie_id),
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "page_title": _("Nouveau formateur")}

    def form_valid(self, form):
        profile = form.save(commit=False)
        profile.user = form.cleaned_data["email"]
        profile.home_school = form.cleaned_data["home_uai"]
        with once(form, user=self.request.user) as submission:
            services.save_trainer_profile(
                profile=profile, themes=form.cleaned_data["themes"], by=self.request.user
            )
            submission.done(_trainers_url())
        messages.success(
            self.request,
            _("%(name)s fait désormais partie des formateurs volontaires.")
            % {"name": profile.user.full_name},
        )
        return redirect("requests:trainers")


class TrainerEditView(FormView):
    form_class = TrainerProfileForm
    template_name = "requests/trainer_pool/form.html"

    def dispatch(self, request, *args, **kwargs):
        office_of = academie_ids(request.user, Role.DAFOR)
        if not office_of:
            raise Http404
        self.profile = get_object_or_404(
            TrainerProfile.objects.select_related("user", "home_school"),
            pk=kwargs["pk"],
            academie_id__in=office_of,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "academie_id": self.profile.academie_id,
            "instance": self.profile,
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page_title": _("Formateur : %(name)s") % {"name": self.profile.user.full_name},
            "history": self.profile.history.select_related("history_user").order_by(
                "-history_date"
            )[:10],
        }

    def form_valid(self, form):
        profile = form.save(commit=False)
        profile.home_school = form.cleaned_data["home_uai"]
        services.save_trainer_profile(
            profile=profile, themes=form.cleaned_data["themes"], by=self.request.user
        )
        messages.success(
            self.request,
            _("Le profil de %(name)s est enregistré.") % {"name": profile.user.full_name},
        )
        return redirect("requests:trainers")


class VolunteerView(FormView):
    form_class = VolunteerForm
    template_name = "requests/trainer_pool/volunteer.html"

    def dispatch(self, request, *args, **kwargs):
        self.profile = TrainerProfile.objects.filter(user=request.user).first()
        if self.profile is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.profile}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "profile": self.profile}

    def form_valid(self, form):
        profile = form.save(commit=False)
        services.save_trainer_profile(
            profile=profile, themes=form.cleaned_data["themes"], by=self.request.user
        )
        messages.success(self.request, _("Vos choix sont enregistrés."))
        return redirect("requests:volunteer")


def _trainers_url():
    from django.urls import reverse

    return reverse("requests:trainers")
