"""The product's tables, as unmanaged models of only the columns the baseline reads.

Table names are Django's defaults for the product's models (`<app>_<model>`); the
baseline never migrates them.
"""

from django.conf import settings
from django.db import models


class Topic(models.Model):
    slug = models.SlugField(max_length=40)
    name_nl = models.CharField(max_length=120)
    name_fr = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    active = models.BooleanField()

    class Meta:
        managed = False
        db_table = "buddies_topic"
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name_nl


class Resident(models.Model):
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)

    class Meta:
        managed = False
        db_table = "buddies_resident"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Volunteer(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING)

    class Meta:
        managed = False
        db_table = "buddies_volunteer"

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Location(models.Model):
    name = models.CharField(max_length=120)

    class Meta:
        managed = False
        db_table = "scheduling_location"

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    label = models.CharField(max_length=40)

    class Meta:
        managed = False
        db_table = "scheduling_seat"

    def __str__(self) -> str:
        return self.label


class Series(models.Model):
    class Meta:
        managed = False
        db_table = "scheduling_series"

    def __str__(self) -> str:
        return str(self.pk)


class HelpSession(models.Model):
    resident = models.ForeignKey(Resident, on_delete=models.DO_NOTHING)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.DO_NOTHING, null=True)
    topics = models.ManyToManyField(Topic, db_table="scheduling_helpsession_topics")
    location = models.ForeignKey(Location, on_delete=models.DO_NOTHING)
    seat = models.ForeignKey(Seat, on_delete=models.DO_NOTHING)
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=10)
    series = models.ForeignKey(Series, on_delete=models.DO_NOTHING, null=True)
    occurrence_day = models.DateField(null=True)
    cancelled_by = models.CharField(max_length=12, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True)
    handed_back_at = models.DateTimeField(null=True)
    sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "scheduling_helpsession"
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.pk} {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_urgent(self) -> bool:
        return self.status == "open" and self.handed_back_at is not None
