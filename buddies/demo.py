"""Demo accounts for trying the service (never for production use)."""

from django.contrib.auth import get_user_model

from buddies.roles import Role, grant_role

DEMO_PASSWORD = "demo-Leeuw-2026"  # noqa: S105 - published in the README on purpose

DEMO_ACCOUNTS = [
    # username, first name, last name, role
    ("coordinator", "Ann", "Peeters", Role.COORDINATOR),
    ("socialworker", "Sofie", "Janssens", Role.SOCIAL_WORKER),
    ("volunteer", "Jan", "Claes", Role.VOLUNTEER),
]


def seed_accounts() -> list:
    """One account per role; the password is set only when the account is created."""
    users = []
    for username, first_name, last_name, role in DEMO_ACCOUNTS:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@digibuddy.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        grant_role(user=user, role=role)
        users.append(user)
    return users
