from django.db import migrations

REMINDERS = "scheduling.tasks.send_due_reminders"


def schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        func=REMINDERS,
        defaults={"name": "Session reminders", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=REMINDERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0009_reminders"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
