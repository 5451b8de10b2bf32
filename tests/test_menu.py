"""The main menu: grouped for coordinators, short for the others, the current page marked."""

from django.urls import reverse


def test_coordinator_menu_comes_in_a_few_groups_with_the_current_page_marked(
    client_for, coordinator
):
    page = client_for(coordinator).get(reverse("buddies:call-list")).content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert nav.count("<details") == 4
    assert nav.count("<summary") == 4
    assert f'href="{reverse("buddies:call-list")}" aria-current="page"' in nav
    assert nav.count("aria-current") == 1
    assert 'class="menu-current"' in nav  # its group's name is marked too


def test_a_page_below_a_menu_link_marks_that_link_as_its_section(client_for, coordinator):
    page = client_for(coordinator).get(reverse("scheduling:book")).content.decode()
    assert f'href="{reverse("scheduling:book")}" aria-current="page"' in page
    page = client_for(coordinator).get(reverse("scheduling:closure-list")).content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert "aria-current" not in nav  # /places/ itself is not the section of every place page


def test_volunteer_menu_is_a_few_direct_links(client_for, volunteer):
    page = client_for(volunteer).get(reverse("scheduling:open-sessions")).content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert "<details" not in nav
    # home, open, mine, profile, calendar, referrals, re-checks, walk-in
    assert nav.count("<li>") == 8
    assert f'href="{reverse("scheduling:open-sessions")}" aria-current="page"' in nav


def test_social_worker_menu_is_a_few_direct_links(client_for, social_worker):
    page = client_for(social_worker).get(reverse("referrals:intake-list")).content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert "<details" not in nav
    assert nav.count("<li>") == 6
    assert f'href="{reverse("referrals:intake-list")}" aria-current="page"' in nav


def test_a_coordinator_who_is_also_a_buddy_gets_a_group_for_that_work(client_for, coordinator):
    from buddies.models import Volunteer
    from buddies.roles import Role, grant_role

    grant_role(user=coordinator, role=Role.VOLUNTEER)
    Volunteer.objects.create(user=coordinator)
    page = client_for(coordinator).get(reverse("scheduling:my-sessions")).content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert nav.count("<details") == 5
    assert f'href="{reverse("scheduling:my-sessions")}" aria-current="page"' in nav
