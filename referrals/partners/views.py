"""The partner directory page."""

from django.shortcuts import render

from referrals.partners import selectors
from referrals.partners.models import PartnerKind


def partner_directory(request):
    """Public, read-only: whom residents can turn to, in plain language."""
    partners = selectors.directory()
    return render(
        request,
        "referrals/partners/directory.html",
        {"partners": partners, "kinds": dict(PartnerKind.choices)},
    )
