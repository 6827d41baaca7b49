from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "vss.support"
    label = "support"
    verbose_name = _("Psychosocial support and contacts")

    def ready(self) -> None:
        from vss import policy
        from vss.audit.registry import register_record_types
        from vss.core.demo.steps import demo_steps
        from vss.core.home import HomeSection, register_home_section
        from vss.core.menu import MenuEntry, register_menu_entry
        from vss.policy import Right

        from . import hooks
        from .demo import SupportDemo
        from .selectors import follow_ups_due, open_referrals_for_partner

        register_record_types(
            60,
            ("support.consent", _("Consent")),
            ("support.referral", _("Referral")),
            ("support.supportsession", _("Support session")),
            ("support.healthnote", _("Health note")),
            ("support.contact", _("Contact")),
        )

        register_menu_entry(
            MenuEntry(
                "support:referral_list",
                _("Referrals"),
                110,
                visible=policy.holds_right(Right.VIEW_SUPPORT),
            )
        )
        # A partner has no applications to work on: its queue is its referrals, with its
        # follow-ups beside them; everyone else who keeps a contact log sees the
        # follow-ups below the applications.
        register_home_section(
            HomeSection(
                "support:open_referrals",
                "support/_home_referrals.html",
                30,
                visible=policy.acts_for_partner,
                context=lambda user: {
                    "open_referrals": open_referrals_for_partner(user),
                    "follow_ups": follow_ups_due(user),
                },
            )
        )
        logs_contacts = policy.holds_right(Right.LOG_CONTACTS)
        register_home_section(
            HomeSection(
                "support:follow_ups",
                "support/_follow_ups.html",
                40,
                visible=lambda user: logs_contacts(user) and not policy.acts_for_partner(user),
                context=lambda user: {"follow_ups": follow_ups_due(user)},
            )
        )
        # After representation: contacts for the lawyer's clients.
        demo_steps.register(400, SupportDemo)
        hooks.register()
