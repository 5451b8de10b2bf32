from django.db import migrations

SYNC = "referrals.tasks.sync_open_referrals"


def schedule_sync(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        func=SYNC,
        defaults={
            "name": "Incoming referrals follow buddy pairs and sessions",
            "schedule_type": "I",
            "minutes": 5,
            "repeats": -1,
        },
    )


def unschedule_sync(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=SYNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0003_incoming_referrals"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(schedule_sync, unschedule_sync)]
