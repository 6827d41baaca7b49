"""`manage.py demo_logins`: the demo accounts, one per role, with their password and what
the role may do (`make run` prints them before serving).

With `--second-factor`, and the second factor required (VSS_SECOND_FACTOR_REQUIRED=1, as
production has it), each demo account whose role needs one is enrolled if it is not yet,
and its authenticator key and one unused recovery code are printed: the key goes into an
authenticator app (or `oathtool --totp -b KEY`, offline), the code signs in once. Only
demo accounts that still have the demo password are touched."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss import policy
from vss.accounts import services
from vss.accounts.demo import DEMO_ACCOUNTS
from vss.accounts.models import User
from vss.accounts.second_factor import current_app_code, new_enrolment_key, secret_text
from vss.demo import DEMO_PASSWORD
from vss.representation.models import Lawyer


class Command(BaseCommand):
    help = "List the demo accounts (created by generate_demo_data): role, username, password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--second-factor",
            action="store_true",
            help="Also enrol the demo accounts that need a second factor and print, for each, "
            "its authenticator key and one recovery code (when the second factor is required).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        existing = set(
            User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        # A lawyer account is a lawyer of the list, picked by name where a lawyer is given.
        on_the_list = {
            lawyer.user.username: str(lawyer)
            for lawyer in Lawyer.objects.filter(user__username__in=existing).select_related("user")
            if lawyer.user is not None
        }
        rows = [
            (
                str(account.role.label),
                account.username,
                DEMO_PASSWORD if account.username in existing else "(no such account)",
                account.can
                + (
                    f" On the list of lawyers as {on_the_list[account.username]}."
                    if account.username in on_the_list
                    else ""
                ),
            )
            for account in DEMO_ACCOUNTS
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for role, username, password, can in rows:
            self.stdout.write(
                f"{role:<{widths[0]}}  {username:<{widths[1]}}  {password:<{widths[2]}}  {can}"
            )
        if len(existing) < len(DEMO_ACCOUNTS):
            self.stdout.write(
                self.style.WARNING(
                    "Accounts are created by `manage.py generate_demo_data`, in a database "
                    "without forms only."
                )
            )
        if options["second_factor"]:
            self._second_factors()

    def _second_factors(self) -> None:
        if not settings.VSS_SECOND_FACTOR_REQUIRED:
            self.stdout.write(
                "Second factor: not asked here (VSS_SECOND_FACTOR_REQUIRED is off); any "
                "account may turn it on under Two-step sign-in. "
                "`VSS_SECOND_FACTOR_REQUIRED=1 make run` asks it as production does."
            )
            return
        self.stdout.write(
            "Second factor (required): add the key to an authenticator app, or type the "
            "recovery code once (the next run prints the next one)."
        )
        for account in DEMO_ACCOUNTS:
            user = User.objects.filter(username=account.username).first()
            if user is None or not user.check_password(DEMO_PASSWORD):
                continue
            if not policy.requires_second_factor(user):
                continue
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = self._enrol(user)
            code = (
                StaticToken.objects.filter(device__user=user, device__confirmed=True)
                .values_list("token", flat=True)
                .first()
            )
            self.stdout.write(
                f"{user.username:<14}  key {secret_text(device.key)}  "
                f"recovery code {code or '(none left)'}"
            )

    def _enrol(self, user: User) -> TOTPDevice:
        """Enrolled as a user would be, through the service, with the code the new key
        shows now."""
        key = new_enrolment_key()
        code = current_app_code(TOTPDevice(key=key))
        enrolled = services.second_factor_enrol(user=user, key=key, code=code)
        assert enrolled is not None
        return enrolled[0]
