"""Cache invalidation: the questionnaire is national data (zorgpad/cache.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from zorgpad.cache import LANDELIJK, bump

from .models import Domein, Optie, Signaal, Vraag

QUESTIONNAIRE = (Domein, Vraag, Optie, Signaal)


def questionnaire_changed(sender, **kwargs):
    bump(LANDELIJK)


for model in QUESTIONNAIRE:
    receiver(post_save, sender=model)(questionnaire_changed)
    receiver(post_delete, sender=model)(questionnaire_changed)
