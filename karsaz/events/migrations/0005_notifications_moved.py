# The events' own notifications move to the shared notifications app (karsaz/notifications):
# each row is copied (its text was translated when written, so it is kept as the title: a
# msgid that no catalogue holds reads as itself), then the events table is dropped.

from django.db import migrations


def copy_rows(apps, schema_editor):
    Old = apps.get_model("events", "Notification")
    New = apps.get_model("notifications", "Notification")
    batch = []
    for row in Old.objects.order_by("pk").iterator():
        ref = f"events.meeting:{row.meeting_id}" if row.meeting_id else f"events.event:{row.event_id}"
        batch.append(
            New(
                recipient_id=row.user_id,
                kind="events_meeting" if row.meeting_id else "events_registration",
                title=row.text[:300],
                params={},
                link=f"/events/{row.event_id}/",
                ref=ref,
                created_at=row.created_at,
                read_at=row.read_at,
            )
        )
        if len(batch) == 1000:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0004_deal_confirmation"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_rows, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notification"),
    ]
