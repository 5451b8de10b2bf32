from django.db import migrations

HEARTBEAT = "scheduling.tasks.heartbeat"


def schedule_heartbeat(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        func=HEARTBEAT,
        defaults={"name": "Scheduler heartbeat", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )


def unschedule_heartbeat(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=HEARTBEAT).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0001_initial"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(schedule_heartbeat, unschedule_heartbeat)]
