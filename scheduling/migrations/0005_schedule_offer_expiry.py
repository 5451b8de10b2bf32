from django.db import migrations

EXPIRE = "scheduling.workshops.tasks.expire_workshop_offers"


def schedule_expiry(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        func=EXPIRE,
        defaults={
            "name": "Expire unanswered workshop offers",
            "schedule_type": "I",
            "minutes": 10,
            "repeats": -1,
        },
    )


def unschedule_expiry(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=EXPIRE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0004_workshops"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(schedule_expiry, unschedule_expiry)]
