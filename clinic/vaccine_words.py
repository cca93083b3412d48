"""A vaccine group's next dose in the words a nurse reads at a glance, for screens and the card.

One wording everywhere: the desk says "due now" and "overdue since…" (it knows today), the
printed card gives dates only (it is read at home, weeks later).
"""

from __future__ import annotations

import datetime as dt

from clinic.i18n import N_, Translator
from clinic.labels import FORECAST_STATUSES, vaccine_group_text
from clinic.vaccine_forecasts import Urgency, urgency
from clinic.vaccine_status import GroupStatus
from clinic.vocabulary import ForecastStatus


def window_text(
    t: Translator,
    earliest: dt.date,
    recommended: dt.date | None,
    past_due: dt.date | None,
    today: dt.date | None = None,
) -> str:
    """`from 13/03/2026, best on 13/04/2026, late from 09/06/2026`.

    With `today`: "due now" or "overdue since…" where they apply. A part the forecast lacks, or
    that adds nothing, is left out.
    """
    if today is not None and urgency(earliest, past_due, today) is Urgency.OVERDUE:
        assert past_due is not None
        return t.format(N_("overdue since {date}"), date=t.short_date(past_due))
    if today is not None and earliest <= today:
        parts = [t.gettext("due now")]
    else:
        parts = [t.format(N_("from {date}"), date=t.short_date(earliest))]
    if recommended is not None and recommended > max(earliest, today or earliest):
        parts.append(t.format(N_("best on {date}"), date=t.short_date(recommended)))
    if past_due is not None:
        parts.append(t.format(N_("late from {date}"), date=t.short_date(past_due)))
    return ", ".join(parts)


def status_text(t: Translator, status: GroupStatus, today: dt.date) -> str:
    """One line per vaccine group on the desk: `Hepatitis B: dose 3 next — due now, …`."""
    group = vaccine_group_text(t, status.vaccine_group)
    if status.status is not ForecastStatus.NOT_COMPLETE or status.earliest is None:
        return f"{group}: {t.gettext(FORECAST_STATUSES[status.status])}"
    if not status.started:
        head = t.format(N_("{group}: not started"), group=group)
    else:
        head = t.format(N_("{group}: dose {number} next"), group=group, number=status.dose_number)
    window = window_text(t, status.earliest, status.recommended, status.past_due, today)
    return f"{head} — {window}"
