"""National editors edit the statements (every language side by side) and
mark an added language as checked."""

from django.contrib import admin
from django.utils import timezone
from modeltranslation.admin import TranslationAdmin

from .models import Taalversie, Verklaring


@admin.register(Verklaring)
class VerklaringAdmin(TranslationAdmin):
    list_display = ["__str__", "bijgewerkt"]
    fields = ["titel", "tekst", "contact_email", "bijgewerkt"]

    def has_add_permission(self, request):
        return False  # the two statements are reference data

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Taalversie)
class TaalversieAdmin(admin.ModelAdmin):
    list_display = ["__str__", "nagekeken", "nagekeken_op"]
    fields = ["taal", "nagekeken", "nagekeken_op"]
    readonly_fields = ["taal", "nagekeken_op"]

    def has_add_permission(self, request):
        return False  # one row per language in settings.ZORGPAD_PARENT_LANGUAGES

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "nagekeken" in form.changed_data:
            obj.nagekeken_op = timezone.localdate() if obj.nagekeken else None
        super().save_model(request, obj, form, change)
