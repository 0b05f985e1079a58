from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.dashboard import panels_for
from accounts.forms import ProfileForm
from notifications.queries import inbox


def home(request):
    return render(
        request,
        "accounts/home.html",
        {"sections": panels_for(request.user), "recent_messages": inbox(request.user)[:5]},
    )


@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": request.user.memberships},
    )


@login_not_required
def page(request, template):
    return render(request, template)
