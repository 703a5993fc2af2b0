"""notify(): the rows, the settings, the e-mail in the recipient's language, once-only refs."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_noop

from karsaz.notifications import selectors, services
from karsaz.notifications.choices import Kind
from karsaz.notifications.models import Notification, NotificationSetting

pytestmark = pytest.mark.django_db

TITLE = gettext_noop("{name} asks to meet you.")


def test_notify_creates_the_row_and_mails_in_the_recipients_language(
    users, django_capture_on_commit_callbacks
):
    fa, en = users.sme_owner, users.tehran_member
    en.language = "en"
    en.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(fa, Kind.EVENTS_MEETING_REQUEST, title=TITLE, params={"name": "Acme 12"})
        services.notify(en, Kind.EVENTS_MEETING_REQUEST, title=TITLE, params={"name": "Acme 12"})
    rows = list(Notification.objects.order_by("id").values_list("recipient", "kind", "params"))
    assert rows == [
        (fa.pk, "events_meeting_request", {"name": "Acme 12"}),
        (en.pk, "events_meeting_request", {"name": "Acme 12"}),
    ]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([fa.email], "Acme 12 درخواست دیدار با شما را دارد."),  # a Latin name keeps its digits
        ([en.email], "Acme 12 asks to meet you."),
    ]


def test_the_mail_carries_the_whole_address(users, settings, django_capture_on_commit_callbacks):
    settings.KARSAZ_SITE_URL = "https://karsaz.example/"
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            users.sme_owner,
            Kind.EVENTS_MEETING_REQUEST,
            title=TITLE,
            params={"name": "Acme"},
            link="/events/3/requests/",
        )
    assert mail.outbox[0].body.endswith("\n\nhttps://karsaz.example/events/3/requests/")


def test_the_same_row_reads_in_each_readers_language(users):
    row = services.notify(
        users.sme_owner,
        Kind.CLINICS_FOLLOWUP_DUE,
        title=gettext_noop("A follow-up of case {number} is due on {due}"),
        params={"number": 42, "due": dt.date(2026, 12, 5)},
    )
    assert row is not None
    assert row.title_in("en") == "A follow-up of case 42 is due on 2026-12-05"
    assert row.title_in("fa") == "پیگیری پرونده ۴۲ در ۱۴۰۵/۰۹/۱۴ موعد دارد"


def test_settings_turn_channels_off(users, django_capture_on_commit_callbacks):
    user = users.sme_owner
    services.settings_update(
        user=user,
        choices={
            Kind.FINANCE_BID_TAKEN: (False, False),
            Kind.TECHNOLOGY_PROPOSAL: (False, True),
            Kind.CLINICS_CASE: (True, False),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        none = services.notify(user, Kind.FINANCE_BID_TAKEN, title="a")
        mail_only = services.notify(user, Kind.TECHNOLOGY_PROPOSAL, title="b")
        app_only = services.notify(user, Kind.CLINICS_CASE, title="c")
    assert none is None
    assert mail_only is not None and not mail_only.in_app
    assert app_only is not None and app_only.in_app
    assert [m.subject for m in mail.outbox] == ["b"]
    # The list shows only what the user wants in the app.
    assert [n.title for n in selectors.notification_list(user=user)] == ["c"]
    assert selectors.unread_count(user=user) == 1


def test_defaults_without_a_setting(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users.sme_owner, Kind.EVENTS_MEETING, title="moved")
        services.notify(users.sme_owner, Kind.EVENTS_MEETING_REMINDER, title="soon")
    assert Notification.objects.filter(recipient=users.sme_owner).count() == 2
    assert [m.subject for m in mail.outbox] == ["soon"]  # schedule changes: in-app only


def test_no_email_address_no_mail(users, django_capture_on_commit_callbacks):
    users.outsider.email = ""
    users.outsider.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify(users.outsider, Kind.CLINICS_CASE, title="x") is not None
    assert mail.outbox == []


def test_once_is_once_per_recipient_kind_and_ref(users, django_capture_on_commit_callbacks):
    kind = Kind.EVENTS_MEETING_REMINDER
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(users.sme_owner, kind, title="r", ref="events.meeting:1", once=True)
        again = services.notify(users.sme_owner, kind, title="r", ref="events.meeting:1", once=True)
        other = services.notify(users.national, kind, title="r", ref="events.meeting:1", once=True)
    assert first is not None and again is None and other is not None
    assert Notification.objects.filter(ref="events.meeting:1").count() == 2
    assert len(mail.outbox) == 2


def test_once_needs_a_ref(users):
    with pytest.raises(ValueError):
        services.notify(users.sme_owner, Kind.EVENTS_MEETING_REMINDER, title="r", once=True)


def test_mark_read_only_ones_own(users):
    mine = services.notify(users.sme_owner, Kind.CLINICS_CASE, title="a")
    theirs = services.notify(users.national, Kind.CLINICS_CASE, title="b")
    assert mine is not None and theirs is not None
    services.notification_mark_read(user=users.sme_owner, pk=mine.pk)
    with pytest.raises(Http404):
        services.notification_mark_read(user=users.sme_owner, pk=theirs.pk)
    with pytest.raises(Http404):
        selectors.notification_get(user=users.admin, pk=theirs.pk)  # staff too
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert selectors.unread_count(user=users.sme_owner) == 0
    assert selectors.unread_count(user=users.national) == 1


def test_mark_all_read_counts_only_the_users_unread(users):
    for title in ("a", "b", "c"):
        services.notify(users.sme_owner, Kind.CLINICS_CASE, title=title)
    services.notify(users.national, Kind.CLINICS_CASE, title="d")
    assert services.notifications_mark_all_read(user=users.sme_owner) == 3
    assert services.notifications_mark_all_read(user=users.sme_owner) == 0
    assert selectors.unread_count(user=users.national) == 1


def test_settings_refuse_an_unknown_kind_and_write_nothing(users):
    with pytest.raises(ValidationError) as caught:
        services.settings_update(
            user=users.sme_owner,
            choices={Kind.CLINICS_CASE: (False, False), "nonsense": (True, True)},
        )
    assert caught.value.error_dict["kind"][0].code == "invalid"
    assert not NotificationSetting.objects.exists()


def test_settings_table_shows_defaults_and_choices(users):
    services.settings_update(user=users.sme_owner, choices={Kind.EVENTS_MEETING: (False, True)})
    table = {kind: (a, e) for kind, a, e in selectors.settings_table(user=users.sme_owner)}
    assert len(table) == len(Kind)
    assert table[Kind.EVENTS_MEETING] == (False, True)
    assert table[Kind.FINANCE_BID_TAKEN] == (True, True)


def test_a_bilingual_name_reads_in_each_language(users):
    from karsaz.notifications.models import bilingual

    row = services.notify(
        users.sme_owner,
        Kind.EVENTS_MEETING_REQUEST,
        title=TITLE,
        params={"name": bilingual("سپهر ۲", "Sepehr 2")},
    )
    assert row is not None
    assert row.title_in("en") == "Sepehr 2 asks to meet you."
    assert row.title_in("fa") == "سپهر ۲ درخواست دیدار با شما را دارد."


def test_recipients_with_channels_reads_users_and_settings_in_one_query(
    users, django_assert_num_queries
):
    """Each user's setting for the kind, else the kind's defaults (a meeting is not mailed by
    default); another kind's setting is not this one's."""
    a, b, c = users.sme_owner, users.tehran_member, users.national
    NotificationSetting.objects.create(user=a, kind=Kind.EVENTS_MEETING, in_app=False, email=True)
    NotificationSetting.objects.create(user=b, kind=Kind.EVENTS_MEETING_REQUEST, in_app=False)
    people = type(a).objects.filter(pk__in=[a.pk, b.pk, c.pk]).order_by("pk")
    with django_assert_num_queries(1):
        got, chosen = selectors.recipients_with_channels(users=people, kind=Kind.EVENTS_MEETING)
    assert [u.pk for u in got] == sorted([a.pk, b.pk, c.pk])
    assert chosen == {a.pk: (False, True), b.pk: (True, False), c.pk: (True, False)}
