"""Time limits counted as EU law counts them (Regulation (EEC, Euratom) No 1182/71).

Pure arithmetic: no clock, no database. ``periods`` counts a period in months, ``calendar``
knows the working days and the time zone of the controller's country, ``gdpr`` applies both
to the answer to a data-subject request (GDPR Art. 12(3)).
"""

from personvern.deadlines.calendar import WorkingCalendar
from personvern.deadlines.gdpr import (
    EXTENSION_MONTHS,
    FIRST_PERIOD_MONTHS,
    Deadline,
    ExtensionRefused,
    check_extension,
    extended_deadline,
    response_deadline,
)
from personvern.deadlines.periods import add_months

__all__ = [
    "EXTENSION_MONTHS", "FIRST_PERIOD_MONTHS", "Deadline", "ExtensionRefused", "WorkingCalendar",
    "add_months", "check_extension", "extended_deadline", "response_deadline",
]
