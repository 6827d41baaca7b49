from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepresentationConfig(AppConfig):
    name = "vss.representation"
    label = "representation"
    verbose_name = _("Legal representation")

    def ready(self) -> None:
        from vss import policy
        from vss.audit.registry import register_record_types
        from vss.core.demo.steps import demo_steps
        from vss.core.home import HomeSection, register_home_section
        from vss.core.menu import MenuEntry, register_menu_entry
        from vss.policy import Right

        from . import hooks
        from .demo import RepresentationDemo

        register_record_types(
            50,
            ("representation.lawyer", _("Civil Party Lawyer")),
            ("representation.lawyerdocument", _("Lawyer's document")),
            ("representation.leadcolawyerappointment", _("Lead Co-Lawyer appointment")),
            ("representation.representation", _("Representation")),
            ("representation.conflictofinterest", _("Conflict of interest")),
            ("representation.civilpartygroup", _("Civil Party group")),
            ("representation.clientnote", _("Note on a file")),
        )

        reads_representation = policy.holds_right(Right.VIEW_REPRESENTATION)
        for entry in (
            MenuEntry(
                "representation:my_clients", _("My clients"), 30, visible=policy.is_lawyer_account
            ),
            MenuEntry("representation:group_cases", _("Groups"), 60, visible=reads_representation),
            MenuEntry("representation:lawyer_list", _("Lawyers"), 80, visible=reads_representation),
            MenuEntry(
                "representation:without_lawyer",
                _("Without a lawyer"),
                90,
                visible=policy.holds_right(Right.MANAGE_REPRESENTATION),
            ),
            MenuEntry(
                "representation:lawyer_caseload",
                _("My caseload"),
                100,
                visible=policy.practises_as_lawyer,
                url_args=lambda user: [policy.lawyer_id_of(user)],
            ),
        ):
            register_menu_entry(entry)
        register_home_section(
            HomeSection(
                "representation:my_clients",
                "representation/_home_my_clients.html",
                10,
                visible=policy.practises_as_lawyer,
            )
        )
        # After the applications: lawyers for their Civil Parties.
        demo_steps.register(300, RepresentationDemo)
        hooks.register()
