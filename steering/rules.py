"""The steering group's decision rules, in one place: when a meeting may decide and when a ballot counts.

The collaboration plan leaves the figures to the group; both rules are "more than half" until it says
otherwise. Services, pages and the admin read them from here only.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MoreThanShare:
    """Met when `count` is more than `numerator/denominator` of `of` (and `of` is not zero)."""

    numerator: int
    denominator: int
    label: Promise

    def met(self, count: int, of: int) -> bool:
        return of > 0 and count * self.denominator > of * self.numerator

    def needed(self, of: int) -> int:
        """The smallest count that meets the rule for `of`."""
        return of * self.numerator // self.denominator + 1


# A meeting is quorate (beslutsför) when more than half of the voting members on its day are present.
QUORUM = MoreThanShare(1, 2, _("mer än hälften av de röstberättigade ledamöterna är närvarande"))
# A focus-area ballot's result may be confirmed only when more than half of its electorate voted.
TURNOUT = MoreThanShare(1, 2, _("mer än hälften av de röstberättigade har röstat"))
