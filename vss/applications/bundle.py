"""The VIF page is several Django forms at once; this keeps them together so a view can
validate, re-display and hand them to the service as one."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseFormSet

from vss.accounts.models import User
from vss.audit.services import StaleEdit
from vss.core.forms import fill_unsent, resend_from
from vss.people.forms import PersonForm
from vss.people.models import Person
from vss.people.services import PersonData

from .forms import CasesForm, CrimeFormSet, DocumentFormSet, FilingForm, HarmFormSet
from .services import FormContent


@dataclass
class VifBundle:
    person: PersonForm
    # A person already registered whom the form is filed for (chosen from the live
    # duplicate check); the applicant section is then not used.
    linked_person: Person | None
    filing: FilingForm
    cases: CasesForm
    crimes: BaseFormSet
    harms: BaseFormSet
    documents: BaseFormSet
    linked_name: str = ""

    @classmethod
    def build(
        cls,
        *,
        data: Any = None,
        files: Any = None,
        intermediary_user: bool = False,
        person_initial: dict | None = None,
        filing_initial: dict | None = None,
        crimes_initial: list[dict] | None = None,
        locked_case_ids: set[int] | None = None,
        user_id: int | None = None,
        linked_person: Person | None = None,
        editing: bool = False,
        may_choose_pseudonym: bool = False,
    ) -> "VifBundle":
        bundle = cls(
            person=PersonForm(
                data,
                prefix="applicant",
                initial=person_initial,
                may_choose_pseudonym=may_choose_pseudonym,
            ),
            linked_person=linked_person,
            filing=FilingForm(
                data, prefix="filing", initial=filing_initial, intermediary_user=intermediary_user
            ),
            cases=CasesForm(data, prefix="cases", locked_case_ids=locked_case_ids),
            crimes=CrimeFormSet(data, prefix="crimes", initial=crimes_initial),
            harms=HarmFormSet(data, prefix="harms"),
            documents=DocumentFormSet(
                data, files, prefix="documents", form_kwargs={"user_id": user_id}
            ),
        )
        # A correction sends back the versions it was opened on: without them (an empty
        # or forged POST) it cannot be told from a save over someone else's.
        bundle.person.fields["version"].required = editing
        bundle.filing.fields["version"].required = editing
        return bundle

    def keep_unsent(self, *, person: dict, filing: dict) -> None:
        """A correction keeps the saved value of every field of the applicant and the
        filing that its POST did not carry (never the versions: those must be sent)."""
        fill_unsent(self.person, {k: v for k, v in person.items() if k != "version"})
        fill_unsent(self.filing, {k: v for k, v in filing.items() if k != "version"})

    def mask_protected_names(
        self, user: User, *, filing: Mapping[str, Any], crimes: Sequence[Mapping[str, Any]]
    ) -> None:
        """A correction's text on file (the account, the crimes' places) shown to `user`
        with the pseudonym of each protected person it names whom the user may not
        identify, and kept as it is on save. The crimes are the rows on file, in the order
        the page lists them before any row it adds."""
        self.filing.mask_protected_names(user, filing)
        for form, stored in zip(self.crimes.forms, crimes, strict=False):
            form.mask_protected_names(user, stored)

    def all(self) -> list[Any]:
        return [self.person, self.filing, self.cases, self.crimes, self.harms, self.documents]

    def is_valid(self) -> bool:
        # Validate every part, so that all errors show at once.
        parts = self.all()[1:] if self.linked_person is not None else self.all()
        return all([part.is_valid() for part in parts])

    @property
    def link_person_id(self) -> int | None:
        return self.linked_person.pk if self.linked_person is not None else None

    @property
    def linked_person_name(self) -> str:
        return self.linked_name

    def keep_files_for_next_attempt(self) -> None:
        for form in self.documents.forms:
            form.keep_for_next_attempt()

    @staticmethod
    def _filled(formset: BaseFormSet) -> list[Any]:
        return [f for f in formset.forms if f.has_changed() and f.cleaned_data]

    def applicant(self) -> PersonData:
        return self.person.person_data()

    def content(self) -> FormContent:
        return FormContent(
            form=self.filing.form_data(),
            crimes=[f.crime_data() for f in self._filled(self.crimes)],
            harms=[f.harm_data() for f in self._filled(self.harms)],
            documents=[f.document_data() for f in self._filled(self.documents)],
            requests=self.cases.requests(),
        )

    def add_service_error(self, error: ValidationError) -> None:
        """Show an error the service found (rules that need the database) on the page."""
        self.filing.add_error(None, error)

    def resend_from(self, stale: StaleEdit) -> None:
        """After a refused stale save, the page shown again (with what the user typed)
        carries the version now saved of the record that moved on."""
        part = self.person if stale.record == "people.person" else self.filing
        resend_from(part, stale.current_version)
