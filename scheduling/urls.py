"""The scheduling pages: each sub-domain lists its own, under one namespace."""

from scheduling.calendars import urls as calendars
from scheduling.closures import urls as closures
from scheduling.outcomes import urls as outcomes
from scheduling.places import urls as places
from scheduling.reminders import urls as reminders
from scheduling.sessions import urls as sessions
from scheduling.support_plans import urls as support_plans
from scheduling.waitlist import urls as waitlist
from scheduling.walkins import urls as walkins

app_name = "scheduling"
urlpatterns = [
    *places.urlpatterns,
    *closures.urlpatterns,
    *sessions.urlpatterns,
    *waitlist.urlpatterns,
    *outcomes.urlpatterns,
    *support_plans.urlpatterns,
    *calendars.urlpatterns,
    *reminders.urlpatterns,
    *walkins.urlpatterns,
]
