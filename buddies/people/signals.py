"""What people's services announce to the sub-domains that act on it.

`volunteer_invited(volunteer=...)`: a coordinator added a volunteer, whose account
has no password yet; the messaging sub-domain e-mails the invitation to set one.
"""

from django.dispatch import Signal

volunteer_invited = Signal()
