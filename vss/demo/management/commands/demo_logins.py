"""`manage.py demo_logins`: the demo accounts, one per role, with their password and what
the role may do (`make run` prints them before serving)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vss.accounts.demo import DEMO_ACCOUNTS
from vss.accounts.models import User
from vss.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "List the demo accounts (created by generate_demo_data): role, username, password."

    def handle(self, *args: Any, **options: Any) -> None:
        existing = set(
            User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        rows = [
            (
                str(account.role.label),
                account.username,
                DEMO_PASSWORD if account.username in existing else "(no such account)",
                account.can,
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
