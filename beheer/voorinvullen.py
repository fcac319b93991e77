"""One click from the officer's completeness list to a new organisation with
an offer for that zorgpad: the admin's add form reads `?gemeenten=<pk>`
itself (get_changeform_initial_data), these mixins add `?zorgpad=<pk>` as a
prefilled offer in the inline."""

from django import forms
from django.utils import timezone

from gemeenten.models import Aanbod

PARAM = "zorgpad"


def zorgpad_uit(request):
    """The zorgpad pk asked for in the address, or None."""
    value = request.GET.get(PARAM, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


class AanbodInlineForm(forms.ModelForm):
    class Meta:
        model = Aanbod
        # The inline passes its own field list to the form factory.
        fields = [PARAM]

    def has_changed(self):
        # The prefilled offer is what the officer came to add: save it even
        # when nothing else was typed (an unchanged extra form is skipped).
        prefilled = self.instance._state.adding and self.initial.get(PARAM)
        return super().has_changed() or bool(prefilled)


class VoorgevuldAanbodInline:
    """For the offers inline: one extra form when a zorgpad is asked for."""

    form = AanbodInlineForm

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None and zorgpad_uit(request) is not None:
            return 1
        return super().get_extra(request, obj, **kwargs)


class VoorgevuldeOrganisatie:
    """For the organisation admin: the extra offer starts with that zorgpad,
    and a new organisation is verified today (its details are being typed
    in now)."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("laatst_gecontroleerd", timezone.localdate())
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        zorgpad = zorgpad_uit(request)
        if isinstance(inline, VoorgevuldAanbodInline) and obj.pk is None and zorgpad:
            kwargs["initial"] = [{PARAM: zorgpad}]
        return kwargs
