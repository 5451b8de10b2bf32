"""A visitor who left a name and number is in the resident's export, and erased with them."""

from buddies import data_rights
from scheduling.walkins.models import WalkInVisit


def test_visits_with_the_residents_number_are_exported_and_erased(db, resident, coordinator):
    from tests.scheduling.conftest import make_place

    place = make_place()
    mine = WalkInVisit.objects.create(
        location=place, first_name="Maria", phone="+32470123456", consent=True,
        other_topic="Brief van de bank",
    )  # fmt: skip
    other = WalkInVisit.objects.create(location=place, first_name="Jan", consent=True)
    export = data_rights.export_resident(resident=resident, by=coordinator)
    assert [row["id"] for row in export["walk_ins"]] == [mine.pk]
    data_rights.erase_resident(resident=resident, by=coordinator)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.first_name, str(mine.phone), mine.other_topic) == ("", "", "")
    assert other.first_name == "Jan"
