from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. They log in with their e-mail address; there is no user name."""

    username = None
    email = models.EmailField(_("e-postadress"), unique=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    # The language the person last chose with the language switch while signed in; the portal's e-mail to them
    # is written in it. Empty: never chosen, so Swedish.
    language = models.CharField(_("språk"), max_length=8, choices=settings.LANGUAGES, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class TwoFactorAuthenticator(Authenticator):
    """django-allauth's authenticators under the portal's name for them, so the admin (where coordinators see
    who has set up two-factor) says "tvåstegsverifiering" as every other page does; no table of its own."""

    class Meta:
        proxy = True
        verbose_name = _("tvåstegsverifiering")
        verbose_name_plural = _("tvåstegsverifieringar")
