"""Cache invalidation, and nothing else: a language's review flag shows on
every page in that language, so a change rebuilds every cached page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from zorgpad.cache import LANDELIJK, bump

from .models import Taalversie


@receiver([post_save, post_delete], sender=Taalversie)
def review_flag_changed(**kwargs):
    bump(LANDELIJK)
