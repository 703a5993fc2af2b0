from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from karsaz.accounts import selectors, services
from karsaz.accounts.authentication import token_expired, token_expires_at
from karsaz.accounts.choices import Language
from karsaz.accounts.forms import PreferencesForm, QueuedPasswordResetForm, SignInForm
from karsaz.accounts.models import User
from karsaz.accounts.throttling import clear_lockout
from karsaz.core.views_util import set_language_cookie


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        activate(user.language)
        set_language_cookie(response, user.language)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        # The owner proved control of the account's e-mail: failed sign-ins by others (from any
        # address) no longer keep them out.
        clear_lockout(username=form.user.get_username())
        return response


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """One click between Persian and English; remembered on the user as well as in a cookie."""
    language = request.POST.get("language", "")
    if language not in Language.values:
        language = Language.FA
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        services.user_update_preferences(user=request.user, data={"language": language})
    response = HttpResponseRedirect(target)
    set_language_cookie(response, language)
    return response


# The new token's key waits here for the next profile page, which shows it once: afterwards
# the page shows only its last characters (whoever glances at a screen cannot copy it).
NEW_TOKEN_SESSION = "accounts.new_api_token"  # noqa: S105 (a session key, not a secret)


def _profile_page(
    request: HttpRequest, *, form: PreferencesForm, password_form: PasswordChangeForm
) -> HttpResponse:
    assert isinstance(request.user, User)
    token = selectors.api_token(request.user)
    new_key = request.session.pop(NEW_TOKEN_SESSION, None)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "password_form": password_form,
            "token": token,
            "new_key": new_key if token is not None and new_key == token.key else None,
            "token_expires": token_expires_at(token) if token else None,
            "token_expired": token_expired(token) if token else False,
            "memberships": selectors.memberships(request.user),
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_preferences(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your preferences were saved."))
        response = redirect("accounts:profile")
        set_language_cookie(response, request.user.language)
        return response
    return _profile_page(request, form=form, password_form=PasswordChangeForm(request.user))


@login_required
@require_POST
def change_password(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    password_form = PasswordChangeForm(request.user, request.POST)
    if not password_form.is_valid():
        form = PreferencesForm(instance=request.user)
        return _profile_page(request, form=form, password_form=password_form)
    password_form.save()
    update_session_auth_hash(request, password_form.user)  # this session stays signed in
    messages.success(request, _("Your password was changed."))
    return redirect("accounts:profile")


@login_required
@require_POST
def rotate_token(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    token = services.user_rotate_token(user=request.user)
    request.session[NEW_TOKEN_SESSION] = token.key
    messages.success(
        request,
        _(
            "A new API token was issued and the old one no longer works. Copy it now: it is "
            "shown once."
        ),
    )
    return redirect("accounts:profile")


@login_required
@require_POST
def revoke_token(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    services.user_revoke_token(user=request.user)
    messages.success(request, _("Your API token was revoked; it no longer works."))
    return redirect("accounts:profile")
