"""The access log's rows: who saw, exported, erased or shared a resident's data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One access to a resident's data: who, when, what, through which address.

    Rows hold ids only (the actor's user id, the resident's id, the object's id)
    and the request path without its query string and with link secrets masked,
    so the log itself adds no personal data. The resident is kept as a plain id:
    the log outlives an erasure and never blocks deleting a row elsewhere.
    Written only by `buddies.privacy.audit.record_access`.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed the record")
        EXPORTED = "exported", _("Exported everything held")
        ERASED = "erased", _("Erased the personal data")
        SHARED = "shared", _("Shared with a partner")
        AUDIT_VIEWED = "audit_viewed", _("Viewed this access log")
        LINKED = "linked", _("Linked a referral to the record")
        CONTACT_ADDED = "contact_added", _("Added a trusted contact")
        LINK_REVOKED = "link_revoked", _("Revoked a partner's answer link")

    class Actor(models.TextChoices):
        USER = "user", _("User")
        PARTNER = "partner", _("Partner (through its link)")
        SYSTEM = "system", _("System")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor_kind = models.CharField(
        _("kind of actor"), max_length=8, choices=Actor.choices, default=Actor.USER
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=16, choices=Action.choices)
    resident_id = models.BigIntegerField(_("resident id"), db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["resident_id", "-at"], name="buddies_audit_resident_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · resident #{self.resident_id}"
