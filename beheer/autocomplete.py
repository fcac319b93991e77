"""The admin's autocomplete endpoint, without Django's 500 on reverse relations.

Django's AutocompleteJsonView accepts any `field_name` of the source model,
including a reverse relation (`organisatie.aanbod`), and then fails with an
AttributeError: a 500 any staff user can trigger. The admin's own widgets
only ever ask for forward relations (ForeignKey, ManyToManyField, OneToOne),
so a reverse one is refused as Django refuses any other malformed request
(403). Mounted in zorgpad/urls.py in front of the admin's own route; with a
custom AdminSite this would be its `autocomplete_view`.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignObjectRel


class AutocompleteView(AutocompleteJsonView):
    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(
            request
        )
        if isinstance(source_field, ForeignObjectRel):
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name
