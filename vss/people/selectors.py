from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.rights import Right

from .models import Person, PersonName
from .names import query_keys


def people_matching_name(user: User, query: str) -> QuerySet[PersonName]:
    """Name rows whose spelling matches every word of `query` (each word a prefix of the
    family or the given name, in either order). A user who may not see protected
    identities can find a protected person by pseudonym only, never by real name."""
    keys = query_keys(query)
    names = PersonName.objects.all()
    for key in keys:
        names = names.filter(Q(family_key__startswith=key) | Q(given_key__startswith=key))
    if not policy.has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        names = names.filter(person__is_protected=False)
    return names


def person_filter_by_name(
    user: User, people: QuerySet, query: str, *, person_field: str = "pk"
) -> QuerySet:
    """Narrow any queryset that leads to a person (`person_field`) to the people whose
    names or, for protected people, pseudonyms match `query`."""
    keys = query_keys(query)
    if not keys:
        return people
    by_name = Exists(people_matching_name(user, query).filter(person_id=OuterRef(person_field)))
    by_pseudonym = Q(**{f"{_prefix(person_field)}is_protected": True}) & Q(
        **{f"{_prefix(person_field)}pseudonym__icontains": query.strip()}
    )
    return people.filter(by_name | by_pseudonym)


def _prefix(person_field: str) -> str:
    return "" if person_field == "pk" else f"{person_field.removesuffix('_id')}__"


def person_get_for_user(user: User, pk: int) -> Person:
    """The person's record for their detail page; the read is audited."""
    policy.require_right(user, Right.VIEW_PEOPLE)
    person = get_object_or_404(
        policy.people_in_scope(
            user, Person.objects.select_related("village__commune__district__province")
        ),
        pk=pk,
    )
    audit_record(actor=user, action=AuditAction.VIEW, obj=person, label=f"person {person.pk}")
    return person
