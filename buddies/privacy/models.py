"""The access log's rows: who saw, exported, erased or shared a resident's data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One access to residents' data: who, when, what, through which address.

    Rows hold ids only (the actor's user id, the residents' ids, the object's id)
    and the request path without its query string and with link secrets masked,
    so the log itself adds no personal data. A read of a list is one row naming
    every resident it showed (`resident_ids`) and the filters it was read with
    (`query`, free text masked); `resident_id` is set when one resident was read.
    Residents are kept as plain ids: the log outlives an erasure and never blocks
    deleting a row elsewhere. Written only by `buddies.privacy.audit`.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed the record")
        LISTED = "listed", _("Saw in a list")
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
    resident_id = models.BigIntegerField(_("resident id"), null=True, blank=True, db_index=True)
    # ",3,17,42,": every resident whose data the request showed, found by ",<id>,".
    resident_ids = models.TextField(_("residents read"), blank=True, default="")
    query = models.CharField(_("filters"), max_length=300, blank=True, default="")
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["resident_id", "-at"], name="buddies_audit_resident_at")]

    def __str__(self) -> str:
        if self.resident_id is not None:
            return f"{self.get_action_display()} · resident #{self.resident_id}"
        return f"{self.get_action_display()} · {self.path}"
