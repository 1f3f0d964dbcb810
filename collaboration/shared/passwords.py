"""Password rules beyond Django's own: no password built on the site's name or on the person's own name."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The words anyone guessing a Malmöandan password tries first, written the way `_fold` writes them.
SITE_WORDS = ("malmoandan", "malmoeandan", "nobel21", "nobelvagen", "malmoideella")
# Look-alike characters people swap in to get past a rule like this one.
_LOOKALIKES = str.maketrans({"0": "o", "3": "e", "4": "a", "@": "a", "$": "s"})
_ASCII = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss"})


def _fold(text: str) -> str:
    """Lower case, accents and look-alikes removed, only letters and digits: "Malmö-Andan!" -> "malmoandan"."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_ASCII))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]", "", text.translate(_LOOKALIKES))


def person_words(user) -> list[str]:
    """The person's first and last name and the parts of their e-mail address before the @, folded."""
    words = [getattr(user, "first_name", "") or "", getattr(user, "last_name", "") or ""]
    # The address's own part only: the domain (gmail, malmo) is shared by too many to say anything personal.
    local = (getattr(user, "email", "") or "").partition("@")[0]
    words += [*re.split(r"[._+\-]", local), local]
    # Names shorter than three letters ("Bo", "Li") would refuse half of all passwords.
    return sorted({_fold(word) for word in words if len(_fold(word)) >= 3}, key=len, reverse=True)


class SiteAndPersonWordsValidator:
    """Refuse a password containing Malmöandan's name, Nobel 21, or the person's own name or e-mail address.

    Django's UserAttributeSimilarityValidator catches a password that is *like* an attribute; this one catches
    a password that merely *contains* it ("Farid2024!", "malm0andan-hösten").
    """

    def __init__(self, check_site_words: bool = True):
        self.check_site_words = check_site_words

    def validate(self, password: str, user=None) -> None:
        folded = _fold(password)
        if self.check_site_words and any(word in folded for word in SITE_WORDS):
            raise ValidationError(
                _("Lösenordet får inte innehålla Malmöandans eller Nobel 21:s namn."),
                code="password_contains_site_name",
            )
        if user is not None and any(word in folded for word in person_words(user)):
            raise ValidationError(
                _("Lösenordet får inte innehålla ditt namn eller din e-postadress."),
                code="password_contains_personal_name",
            )

    def get_help_text(self) -> str:
        return _("Lösenordet får inte innehålla ditt namn, din e-postadress eller Malmöandans namn.")
