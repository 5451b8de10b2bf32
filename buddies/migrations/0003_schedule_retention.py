from django.db import migrations

RETENTION = "buddies.tasks.apply_retention"


def schedule_retention(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        func=RETENTION,
        defaults={"name": "Resident data retention", "schedule_type": "D", "repeats": -1},
    )


def unschedule_retention(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=RETENTION).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("buddies", "0002_spoken_languages"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(schedule_retention, unschedule_retention)]
