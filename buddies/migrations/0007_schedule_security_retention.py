from django.db import migrations

CLEANUP = "buddies.tasks.delete_expired_security_records"


def schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        func=CLEANUP,
        defaults={"name": "Security records retention", "schedule_type": "D", "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=CLEANUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("buddies", "0006_merge_text_limits"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
