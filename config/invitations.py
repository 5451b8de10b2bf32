"""Invitation links: a new account's way to set its first password.

Django's password-reset tokens, under their own salt and with their own lifetime
(INVITATION_DAYS rather than PASSWORD_RESET_TIMEOUT's hour): like a reset link it
works once, since setting the password changes what the token is made from.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "digibuddy.invitation"

    def check_token(self, user, token) -> bool:
        if not (user and token) or "-" not in token:
            return False
        stamp, _hash = token.split("-", 1)
        try:
            made = base36_to_int(stamp)
        except ValueError:
            return False
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, made, secret), token)
            for secret in secrets
        ):
            return False
        age = self._num_seconds(self._now()) - made
        return age <= settings.INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()
