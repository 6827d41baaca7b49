"""Django's password validators and password form, with their messages written here so
that they are in VSS's catalogues: Django ships no Khmer for them, and a user changing a
password must read why one is refused in their language. The rules are Django's."""

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vss.core.forms import RefusalTakesTheFocus


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                _("The password is too similar to your username, name or email address."),
                code="password_too_similar",
            ) from None

    def get_help_text(self) -> str:
        return str(_("Your password cannot be too similar to your username or name."))


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must have at least %(min_length)d character.",
            "Your password must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return str(_("This password is too common."))

    def get_help_text(self) -> str:
        return str(_("Your password cannot be a commonly used password."))


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return str(_("This password is made of digits only."))

    def get_help_text(self) -> str:
        return str(_("Your password cannot be made of digits only."))


class SignInForm(RefusalTakesTheFocus, auth_forms.AuthenticationForm):
    """Django's sign-in form, whose refusal takes the focus from the username."""


class PasswordChangeForm(RefusalTakesTheFocus, auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": _("The two new passwords differ."),
        "password_incorrect": _("Your current password was not entered correctly."),
    }
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1, new_password2 = auth_forms.SetPasswordMixin.create_password_fields(
        label1=_("New password"), label2=_("New password again")
    )
    # Its label says it all; Django's help for it has no Khmer, and a help the page does
    # not show would leave the field described by nothing.
    new_password2.help_text = ""


class SecondFactorCodeForm(RefusalTakesTheFocus, forms.Form):
    """A code of the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )
