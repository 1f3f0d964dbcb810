from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ..models import TwoFactorAuthenticator, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]  # newest first
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "phone")}),
        (_("Behörighet"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Datum"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


# django-allauth's own admin for authenticators has English column names ("user", "type") and the model's
# English name; coordinators see them under the portal's word instead (the proxy TwoFactorAuthenticator).
admin.site.unregister(Authenticator)


class _TypeFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("typ")


@admin.register(TwoFactorAuthenticator)
class TwoFactorAuthenticatorAdmin(admin.ModelAdmin):
    raw_id_fields = ["user"]
    list_display = ["person", "kind", "created", "last_used"]
    list_filter = [("type", _TypeFilter)]
    ordering = ["-created_at"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]

    @admin.display(description=_("användare"), ordering="user__email")
    def person(self, obj):
        return obj.user

    @admin.display(description=_("typ"), ordering="type")
    def kind(self, obj):
        return obj.get_type_display()

    @admin.display(description=_("skapad"), ordering="created_at")
    def created(self, obj):
        return obj.created_at

    @admin.display(description=_("senast använd"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at
