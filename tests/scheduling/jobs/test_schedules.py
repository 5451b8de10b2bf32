from django_q.models import Schedule

from scheduling.jobs.schedules import JOBS, sync_schedules


def _table():
    return {(s.func, s.name, s.schedule_type, s.minutes, s.repeats) for s in Schedule.objects.all()}


def _declared():
    return {(job.func, job.name, job.schedule_type, job.minutes, -1) for job in JOBS}


def test_after_migrate_the_schedule_table_equals_the_declared_jobs(db):
    assert _table() == _declared()


def test_sync_restores_a_changed_job_and_drops_one_no_longer_declared(db):
    Schedule.objects.filter(func=JOBS[0].func).update(minutes=99)
    Schedule.objects.create(func="scheduling.tasks.gone", schedule_type="I", minutes=1)
    Schedule.objects.create(func="someone.else.job", schedule_type="D")
    sync_schedules()
    assert _table() == _declared() | {("someone.else.job", None, "D", None, -1)}


def test_every_declared_job_is_a_function_that_exists():
    from django.utils.module_loading import import_string

    for job in JOBS:
        assert callable(import_string(job.func)), job.func
