"""The notifications page: each user reads and marks their own notifications only."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.notifications.models import Notification

pytestmark = pytest.mark.django_db

PERSONAS = [
    "chief",
    "intake",
    "legal",
    "auditor",
    "intermediary",
    "lawyer",
    "lead_co_lawyer",
    "partner",
    "donor",
]


def _notify(user, n: int = 1, **fields) -> list[Notification]:
    return [
        Notification.objects.create(recipient=user, message=f"message {i} for {user}", **fields)
        for i in range(n)
    ]


def test_every_signed_in_user_has_a_notifications_page(request, client) -> None:
    for who in PERSONAS:
        user = request.getfixturevalue(who)
        _notify(user)
        client.force_login(user)
        response = client.get(reverse("notifications:list"))
        assert response.status_code == 200, who
        assert f"message 0 for {user}" in response.content.decode(), who


def test_the_page_signed_out_sends_to_the_login(client) -> None:
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_user_sees_only_their_own_newest_first_unread_highlighted(
    client, lawyer, other_lawyer
) -> None:
    older, newer = _notify(lawyer, 2)
    Notification.objects.filter(pk=older.pk).update(read_at="2020-01-01T00:00:00Z")
    _notify(other_lawyer)
    client.force_login(lawyer)
    response = client.get(reverse("notifications:list"))
    shown = list(response.context["page"].object_list)
    assert shown == [newer, older]
    html = response.content.decode()
    assert f"for {other_lawyer}" not in html
    assert html.count('class="unread"') == 1
    assert '<span class="badge">1' in html  # the count in the top bar


def test_marking_one_read(client, lawyer) -> None:
    (notification,) = _notify(lawyer)
    client.force_login(lawyer)
    response = client.post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, lawyer) -> None:
    (notification,) = _notify(lawyer, url="/applications/7/")
    client.force_login(lawyer)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"follow": "1"})
    assert response["Location"] == "/applications/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_link_elsewhere_is_not_followed(client, lawyer) -> None:
    (notification,) = _notify(lawyer, url="https://evil.example/")
    client.force_login(lawyer)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"follow": "1"})
    assert response["Location"] == reverse("notifications:list")


def test_marking_all_read_touches_only_ones_own(client, lawyer, other_lawyer) -> None:
    _notify(lawyer, 3)
    (others,) = _notify(other_lawyer)
    client.force_login(lawyer)
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=lawyer, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_another_users_notification_is_not_found(client, lawyer, other_lawyer) -> None:
    (others,) = _notify(other_lawyer)
    client.force_login(lawyer)
    response = client.post(reverse("notifications:read", args=[others.pk]))
    assert response.status_code == 404
    others.refresh_from_db()
    assert others.read_at is None


@pytest.mark.parametrize("who", ["other_lawyer", "lead_co_lawyer"])
def test_no_other_lawyer_reads_or_marks_a_lawyers_notifications(request, client, lawyer, who):
    """Not even the Lead Co-Lawyer of the client's case: a notification about a client is
    for the client's own lawyer."""
    (mine,) = _notify(lawyer)
    client.force_login(request.getfixturevalue(who))
    assert f"for {lawyer}" not in client.get(reverse("notifications:list")).content.decode()
    assert client.post(reverse("notifications:read", args=[mine.pk])).status_code == 404
    assert client.post(reverse("notifications:read_all")).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is None


def test_marking_read_needs_a_post(client, lawyer) -> None:
    (notification,) = _notify(lawyer)
    client.force_login(lawyer)
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_is_protected_by_csrf(lawyer) -> None:
    (notification,) = _notify(lawyer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(lawyer)
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 403
    assert client.post(reverse("notifications:read_all")).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_list_runs_a_fixed_number_of_queries(client, lawyer, django_assert_num_queries) -> None:
    client.force_login(lawyer)
    _notify(lawyer, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("notifications:list")).status_code == 200
    _notify(lawyer, 40)
    with django_assert_num_queries(len(few)):
        assert client.get(reverse("notifications:list")).status_code == 200


def test_the_unread_count_in_the_top_bar_is_one_query(client, intake) -> None:
    _notify(intake, 2)
    client.force_login(intake)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:home"))
    assert response.context["unread_notifications"] == 2
    counts = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0]


def test_the_unread_count_is_read_by_full_pages_only(client, intake) -> None:
    """An HTMX fragment (here the application list's results, fetched while typing a
    search) has no top bar: it must not count notifications."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(intake)

    def counted(**headers: str) -> bool:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/applications/", {"q": "SOK"}, **headers).status_code == 200
        return any("notifications_notification" in q["sql"] for q in queries)

    assert counted()
    assert not counted(HTTP_HX_REQUEST="true")


def _as_khmer(client: Client) -> None:
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"


def test_a_notification_is_worded_in_the_language_of_the_page_that_shows_it(
    client, legal, lawyer
) -> None:
    """Sent to a lawyer whose language is English, read on a Khmer page: Khmer, with the
    statuses' Khmer names; the link's button is "open" (បើក), not a referral's state."""
    from vss.applications.models import Status
    from vss.representation import services as representation_services
    from vss.testing.factories import ApplicationFactory, RepresentationFactory

    application = ApplicationFactory.create(status=Status.TRANSMITTED)
    RepresentationFactory.create(application=application, lawyer=lawyer.lawyer)
    change = application.status_changes.create(
        from_status=Status.TRANSMITTED,
        to_status=Status.ADMITTED,
        actor=legal,
        decided_on="2013-01-01",
    )
    representation_services.notify_lawyers_of_status_change(application=application, change=change)
    (sent,) = Notification.objects.filter(recipient=lawyer)
    assert "status changed" in sent.message  # as written for the lawyer, in English
    client.force_login(lawyer)
    _as_khmer(client)
    html = client.get(reverse("notifications:list")).content.decode()
    from django.utils import translation

    with translation.override("km"):
        admitted, transmitted = str(Status.ADMITTED.label), str(Status.TRANSMITTED.label)
    assert admitted in html and transmitted in html
    assert "status changed" not in html
    assert application.vss_number in html
    assert ">បើក<" in html


def test_a_notification_written_before_kinds_shows_its_text(client, lawyer) -> None:
    Notification.objects.create(recipient=lawyer, message="Written once, in English.")
    client.force_login(lawyer)
    _as_khmer(client)
    assert "Written once, in English." in client.get(reverse("notifications:list")).content.decode()
