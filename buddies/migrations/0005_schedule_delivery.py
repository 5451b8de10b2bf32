from django.db import migrations

DELIVERY = "buddies.tasks.deliver_due_messages"


def schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        func=DELIVERY,
        defaults={
            "name": "Message retries and delivery",
            "schedule_type": "I",
            "minutes": 1,
            "repeats": -1,
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=DELIVERY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("buddies", "0004_messages_and_delivery_log"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
