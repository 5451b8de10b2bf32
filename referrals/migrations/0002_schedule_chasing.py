from django.db import migrations

CHASE = "referrals.tasks.chase_unanswered_referrals"


def schedule_chasing(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        func=CHASE,
        defaults={
            "name": "Chase unanswered partner referrals",
            "schedule_type": "D",
            "repeats": -1,
        },
    )


def unschedule_chasing(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=CHASE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_partners_and_outgoing_referrals"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(schedule_chasing, unschedule_chasing)]
