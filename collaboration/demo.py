"""Demo accounts for the embedded default. Every app has a demo.py; load_demo_data runs them in app order."""

from allauth.mfa.totp.internal.auth import TOTP

from . import demo_organisations, demo_rooms
from .services.users import user_create, user_role_grant
from .shared.roles import Role

DEMO_PASSWORD = "malmoandan-demo"
# A fixed TOTP secret so a newcomer can add the coordinator to an authenticator app and reach the admin.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

DEMO_ACCOUNTS = [
    # (e-mail, first name, last name, role, what they do)
    (
        "samordnare@example.org",
        "Sara",
        "Samordnare",
        Role.COORDINATOR,
        "samordnare (admin, tvåstegsverifiering)",
    ),
    ("forening@example.org", "Farid", "Föreningsson", Role.REPRESENTATIVE, "föreningsrepresentant"),
    ("styrgrupp@example.org", "Stina", "Styrgren", Role.STEERING_MEMBER, "styrgruppsledamot"),
    ("tjansteperson@example.org", "Tove", "Tjänstesson", Role.CITY_OFFICIAL, "tjänsteperson"),
]


def is_loaded() -> bool:
    from .models import User

    return User.objects.filter(email=DEMO_ACCOUNTS[0][0]).exists()


def load() -> None:
    for email, first_name, last_name, role, _description in DEMO_ACCOUNTS:
        user = user_create(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            email_verified=True,
        )
        user_role_grant(user=user, role=role)
        if role == Role.COORDINATOR:
            TOTP.activate(user, DEMO_TOTP_SECRET)
    demo_organisations.load()
    demo_rooms.load()  # Nobel 21: rooms, opening hours, a month of bookings


def describe() -> list[str]:
    lines = [
        f"  {email:<28} {DEMO_PASSWORD}   {description}" for email, _f, _l, _r, description in DEMO_ACCOUNTS
    ]
    lines += demo_organisations.DESCRIPTION
    lines.append(f"  Samordnarens TOTP-hemlighet (lägg till i en autentiseringsapp): {DEMO_TOTP_SECRET}")
    return lines
