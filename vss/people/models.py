from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vss.geo.models import Village


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not stated")


class Ethnicity(models.TextChoices):
    KHMER = "khmer", _("Khmer")
    CHAM = "cham", _("Cham")
    VIETNAMESE = "vietnamese", _("Vietnamese")
    KHMER_KROM = "khmer_krom", _("Khmer Krom")
    CHINESE = "chinese", _("Chinese")
    INDIGENOUS = "indigenous", _("Indigenous")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not stated")


class Language(models.TextChoices):
    """The languages VSS writes to a person in: those of its interface."""

    KHMER = "km", _("Khmer")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


class Person(models.Model):
    """A victim, applicant or relative. Khmer order is kept: family name first."""

    # Counts the record's audited saves, so that a form opened on an older version is
    # refused rather than silently putting back what was saved meanwhile.
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    family_name_km = models.CharField(_("family name (Khmer)"), max_length=100, blank=True)
    given_name_km = models.CharField(_("given name (Khmer)"), max_length=100, blank=True)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=100, blank=True)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    # Many victims know only the year, or roughly the year: "about 1950" is 1950 +/- 2.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_year_margin = models.PositiveSmallIntegerField(
        _("uncertainty (years, plus or minus)"), default=0
    )
    ethnicity = models.CharField(
        _("ethnicity"), max_length=20, choices=Ethnicity.choices, default=Ethnicity.UNKNOWN
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("current village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # What the Section hands or sends the person is written in it (the acknowledgement of
    # receipt first); most applicants read Khmer, and a record entered before it was asked
    # for says Khmer.
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.KHMER,
        db_default=Language.KHMER,
    )
    is_deceased = models.BooleanField(_("deceased"), default=False)
    is_protected = models.BooleanField(_("protected identity"), default=False)
    pseudonym = models.CharField(_("pseudonym"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    archive_reason = models.TextField(_("reason for archiving"), blank=True)

    class Meta:
        ordering = ["family_name_latin", "given_name_latin", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_protected=False) | ~Q(pseudonym=""),
                name="protected_person_has_pseudonym",
            ),
            # One pseudonym, one person: a record folded into another by a merge keeps
            # the pseudonym it gave the person kept, and gets it back on an unmerge.
            models.UniqueConstraint(
                fields=["pseudonym"],
                condition=~Q(pseudonym="") & Q(archived_at__isnull=True),
                name="person_pseudonym_unique",
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1880, birth_year__lte=2100),
                name="person_birth_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(birth_year_margin__lte=30), name="person_birth_margin_bounded"
            ),
            models.CheckConstraint(
                condition=~Q(
                    family_name_km="", family_name_latin="", given_name_km="", given_name_latin=""
                ),
                name="person_has_a_name",
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
                name="person_archive_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(preferred_language__in=Language.values),
                name="person_preferred_language_known",
            ),
        ]
        indexes = [
            models.Index(fields=["village"], name="person_village_idx"),
            # The few protected people: name searches by users who may not see their
            # names leave these ids out, and pseudonym searches read only this index.
            models.Index(
                fields=["id", "pseudonym"],
                condition=Q(is_protected=True),
                name="person_protected_idx",
            ),
        ]

    def __str__(self) -> str:
        # Never used where the viewer may lack the right to the real name: pages show
        # names through the access policy's display helpers.
        return f"Person #{self.pk}"

    @property
    def name_latin(self) -> str:
        return " ".join(p for p in (self.family_name_latin.upper(), self.given_name_latin) if p)

    @property
    def name_km(self) -> str:
        return " ".join(p for p in (self.family_name_km, self.given_name_km) if p)

    @property
    def approximate_birth_year(self) -> int | None:
        if self.birth_date:
            return self.birth_date.year
        return self.birth_year


class NameScript(models.TextChoices):
    KHMER = "km", _("Khmer script")
    LATIN = "latn", _("Latin script")


class PersonName(models.Model):
    """Every spelling under which a person may be searched: the main Khmer and Latin
    names and any other romanisation recorded as an alias. The keys are normalised
    so that differently typed forms of one name meet (see vss.names.keys)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    script = models.CharField(_("script"), max_length=4, choices=NameScript.choices)
    is_alias = models.BooleanField(_("alias"), default=False)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_key = models.CharField(max_length=100, blank=True)
    given_key = models.CharField(max_length=100, blank=True)
    # How the names sound (vss.names.phonetic.sound_key), so that romanisation variants
    # and names typed in more or fewer words than they were filed with meet.
    family_sound = models.CharField(max_length=100, blank=True)
    given_sound = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["is_alias", "script", "id"]
        verbose_name = _("name")
        verbose_name_plural = _("names")
        # Each index holds every key and the person: a search reads an index alone, by
        # prefix of one key or sound (checking the other words against the rest), or, for
        # a common name, by person (vss.people.selectors.person_filter_by_name).
        indexes = [
            models.Index(
                fields=["family_key", "given_key", "person"],
                name="personname_family_key_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "int8_ops"],
                include=["family_sound", "given_sound"],
            ),
            models.Index(
                fields=["given_key", "family_key", "person"],
                name="personname_given_key_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "int8_ops"],
                include=["family_sound", "given_sound"],
            ),
            models.Index(
                fields=["family_sound", "given_sound", "person"],
                name="personname_family_sound_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "int8_ops"],
                include=["family_key", "given_key"],
            ),
            models.Index(
                fields=["given_sound", "family_sound", "person"],
                name="personname_given_sound_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "int8_ops"],
                include=["family_key", "given_key"],
            ),
            models.Index(
                fields=["person", "family_key", "given_key"],
                name="personname_person_keys_idx",
                include=["family_sound", "given_sound"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()


class Relationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SPOUSE = "spouse", _("Spouse")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    UNCLE_AUNT = "uncle_aunt", _("Uncle or aunt")
    NEPHEW_NIECE = "nephew_niece", _("Nephew or niece")
    COUSIN = "cousin", _("Cousin")
    OTHER = "other", _("Other relative")


class Kinship(models.Model):
    """`relative` is the `person`'s <relationship>: (A, B, parent) reads "B is A's parent"."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="kinships")
    relative = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="kinships_as_relative"
    )
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kinship")
        verbose_name_plural = _("kinships")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="kinship_unique_pair"),
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="kinship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} -> {self.relative_id} ({self.relationship})"
