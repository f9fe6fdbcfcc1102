"""Danish words the pages, documents and exports show that are not stored values (those are in terms).

One place for each, so a page, the Word/PDF documents and an export never word the same thing two ways.
"""

from vocabulary.terms import STATUSES, GoalKind

NOT_REPORTED = "Ikke indberettet"
STATUS_FILTER_CHOICES = (*STATUSES, NOT_REPORTED)

# The one mark for a goal whose reported verdict is not what the plan's rule gives, on every page and export.
VERDICT_MISMATCH = "⚠ Beregning og indberetning er uenige"

# Indberetningsstatus: whether a period's follow-up came in.
RECEIPT_ACCEPTED = "Modtaget og indlæst"  # not "godkendt": that word is Koncernøkonomi's approval
RECEIPT_REJECTED = "Afvist"
RECEIPT_MISSING = "Ikke modtaget"

# Fristoverblik: an institution's standing against a deadline.
STANDING_REPORTED = "Indberettet"
STANDING_MISSING = "Mangler"
STANDING_LATE = "For sent"

# The headings of a plan's two kinds of goal, on Institution, Planer and in Målrapportering.
GOAL_KIND_HEADINGS: dict[str, str] = {
    GoalKind.SHARED: "Koncernfælles mål",
    GoalKind.SPECIFIC: "Institutionsspecifikke mål",
}
