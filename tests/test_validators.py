"""Dutch formats officers expect, with a plain Dutch message next to the field."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gemeenten import validators

from .conftest import make_organisatie


@pytest.mark.parametrize(
    "number",
    [
        "045-123 45 67",
        "0451234567",
        "06-12 34 56 78",
        "06 12345678",
        "088-0767000",
        "085 303 12 34",
        "0800-2000",
        "0800-0113",
        "0900-1450",
        "0900 8844",
        "+31 45 123 45 67",
        "+31 (0)45 123 45 67",
        "+31612345678",
        "0031 6 12345678",
        "(043) 350 60 00",
        "112",
        "116 111",
        "14 045",
        "012-345 67 01",  # the demo's fictional area code: well-formed
    ],
)
def test_dutch_phone_numbers_pass(number):
    validators.validate_phone(number)


@pytest.mark.parametrize(
    "number",
    [
        "045-123 45 6",
        "06-1234567890",
        "12345",
        "+32 2 123 45 67",
        "bel ons",
        "0800",
        "",
    ],
)
def test_other_phone_numbers_are_refused_with_an_example(number):
    with pytest.raises(ValidationError) as info:
        validators.validate_phone(number)
    assert "045-123 45 67" in info.value.messages[0]


@pytest.mark.parametrize("postcode", ["6461 AB", "6461AB", "6461ab", "1011 ZZ"])
def test_postcodes_pass(postcode):
    validators.validate_postcode(postcode)


@pytest.mark.parametrize(
    "postcode", ["0461 AB", "646 AB", "6461 A", "6461 SS", "B-1000"]
)
def test_wrong_postcodes_are_refused(postcode):
    with pytest.raises(ValidationError, match="vier cijfers en twee letters"):
        validators.validate_postcode(postcode)


def test_postcode_is_written_the_usual_way():
    assert validators.normalise_postcode("6461ab") == "6461 AB"


def test_urls_need_a_scheme_and_a_host():
    validators.validate_website("https://www.kerkrade.nl/")
    with pytest.raises(ValidationError, match="Begin het webadres met https://"):
        validators.validate_website("www.kerkrade.nl")
    with pytest.raises(ValidationError, match="klopt niet"):
        validators.validate_website("https://")
    with pytest.raises(ValidationError):
        validators.validate_website("javascript://alert(1)")


def test_email_message_is_friendly():
    validators.validate_email("info@wijkteam.nl")
    with pytest.raises(ValidationError, match="naam@organisatie.nl"):
        validators.validate_email("info@")


@pytest.mark.django_db
def test_admin_form_shows_each_message_next_to_its_field(
    client, officer_kerkrade, kerkrade
):
    org = make_organisatie(gemeenten=[kerkrade])
    client.force_login(officer_kerkrade)
    response = client.post(
        reverse("admin:gemeenten_organisatie_change", args=[org.pk]),
        {
            "naam": org.naam,
            "beschrijving": "x",
            "telefoon": "bel ons",
            "email": "info@",
            "website": "https://",
            "postcode": "646 AB",
            "gemeenten": [kerkrade.pk],
            "laatst_gecontroleerd": "2026-11-01",
            "aanbod-TOTAL_FORMS": "0",
            "aanbod-INITIAL_FORMS": "0",
        },
    )
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"telefoon", "email", "website", "postcode"}
    html = response.content.decode()
    assert "Dit is geen Nederlands telefoonnummer" in html
    assert "vier cijfers en twee letters" in html
    assert 'value="bel ons"' in html  # what was typed stays


@pytest.mark.django_db
def test_admin_form_tidies_the_postcode(client, officer_kerkrade, kerkrade):
    org = make_organisatie(gemeenten=[kerkrade])
    client.force_login(officer_kerkrade)
    client.post(
        reverse("admin:gemeenten_organisatie_change", args=[org.pk]),
        {
            "naam": org.naam,
            "beschrijving": "x",
            "telefoon": "045-123 45 67",
            "website": "www.wijkteam.nl",
            "postcode": "6461ab",
            "gemeenten": [kerkrade.pk],
            "laatst_gecontroleerd": "2026-11-01",
            "aanbod-TOTAL_FORMS": "0",
            "aanbod-INITIAL_FORMS": "0",
        },
    )
    org.refresh_from_db()
    assert org.postcode == "6461 AB"
    # The admin's URL field adds the scheme a person left out.
    assert org.website == "https://www.wijkteam.nl"


@pytest.mark.django_db
def test_all_shipped_contact_details_are_valid():
    """The national and demo organisations pass the same checks."""
    from django.core.management import call_command

    from gemeenten.models import Organisatie

    call_command("loaddata", "demo", verbosity=0)
    for org in Organisatie.objects.all():
        if org.telefoon:
            validators.validate_phone(org.telefoon)
        if org.postcode:
            validators.validate_postcode(org.postcode)
        if org.website:
            validators.validate_website(org.website)
        if org.email:
            validators.validate_email(org.email)
