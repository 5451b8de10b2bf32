from django.db import migrations

MATERIALISE = "scheduling.tasks.materialise_series"


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        func=MATERIALISE,
        defaults={"name": "Book series ahead", "schedule_type": "D", "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=MATERIALISE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0005_no_overlap_on_postgresql"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
