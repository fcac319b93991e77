"""The visitor's error report form ("Klopt er iets niet?")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import validators


class MeldingForm(forms.Form):
    bericht = forms.CharField(
        label=_("Wat klopt er niet?"),
        help_text=_(
            "Bijvoorbeeld: het telefoonnummer werkt niet meer. "
            "Schrijf hier geen gegevens over jezelf of over cliënten."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Schrijf kort wat er niet klopt."),
            "max_length": _("Schrijf het korter: hooguit 2000 tekens."),
        },
    )
    organisatie = forms.TypedChoiceField(
        label=_("Over welke organisatie gaat het?"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    email = forms.CharField(
        label=_("Je e-mailadres (als je antwoord wilt)"),
        required=False,
        max_length=254,
        validators=[validators.validate_email],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Honeypot: hidden from people by CSS, filled in by bots that fill
    # every field. A filled one is thrown away without telling the bot.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, organisaties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].choices = [
            ("", _("Geen bepaalde organisatie")),
            *((org.pk, org.naam) for org in organisaties),
        ]

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))
