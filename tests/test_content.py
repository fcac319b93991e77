"""The national content and the demo data are what the site promises."""

import re

import pytest
from django.core.management import call_command

from gemeenten.models import Aanbod, Gemeente, Organisatie, Zorgpad

pytestmark = pytest.mark.django_db

REQUIRED_TOPICS = [
    "veiligheid-thuis",
    "psychisch-welzijn",
    "geldzorgen-en-schulden",
    "inkomen-en-werk",
    "wonen",
    "roken-alcohol-drugs",
    "taal-lezen-schrijven",
    "sociaal-netwerk",
    "onbedoeld-zwanger",
    "zorgverzekering",
    "nieuwkomers",
    "gezond-gewicht-en-leefstijl",
    "opvoeden-en-jeugdhulp",
    "relatie",
]


def test_national_zorgpaden_cover_every_required_topic():
    slugs = set(Zorgpad.objects.values_list("slug", flat=True))
    assert set(REQUIRED_TOPICS) <= slugs


def test_every_zorgpad_is_complete_and_has_national_help():
    for pad in Zorgpad.objects.all():
        assert pad.samenvatting and len(pad.samenvatting) <= 160, pad.slug
        assert pad.doel.strip(), pad.slug
        assert len(pad.stappen_lijst()) >= 3, pad.slug
        assert Aanbod.objects.filter(
            zorgpad=pad, organisatie__landelijk=True
        ).exists(), pad.slug


def test_only_violence_at_home_is_sensitive_and_most_urgent():
    veilig = Zorgpad.objects.get(slug="veiligheid-thuis")
    assert veilig.gevoelig
    assert Zorgpad.objects.first() == veilig
    assert veilig.urgentie == min(Zorgpad.objects.values_list("urgentie", flat=True))


def test_veilig_thuis_has_its_public_number():
    veilig_thuis = Organisatie.objects.get(naam__startswith="Veilig Thuis")
    assert veilig_thuis.landelijk
    assert veilig_thuis.telefoon_link == "tel:08002000"


def test_reference_data_has_no_demo_content():
    assert not Organisatie.objects.filter(is_demo=True).exists()
    assert not Organisatie.objects.filter(landelijk=False).exists()


def test_demo_is_visibly_fictional_and_loads_twice_without_duplicates():
    call_command("load_demo", verbosity=0)
    counts = (Organisatie.objects.count(), Aanbod.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Organisatie.objects.count(), Aanbod.objects.count()) == counts
    demo = Organisatie.objects.filter(is_demo=True)
    assert demo.count() >= 20
    for org in demo:
        assert org.naam.endswith("(demo)"), org.naam
        assert not org.telefoon or org.telefoon.startswith("012"), org.naam
        assert not org.email or org.email.endswith(".example"), org.naam
        assert not org.website or ".example/" in org.website, org.naam
    assert not Organisatie.objects.filter(is_demo=False, landelijk=False).exists()


def test_demo_covers_several_gemeenten_in_zuid_limburg():
    call_command("load_demo", verbosity=0)
    for slug in ["kerkrade", "heerlen", "maastricht", "eijsden-margraten", "vaals"]:
        gemeente = Gemeente.objects.get(slug=slug)
        local = Aanbod.objects.voor_gemeente(gemeente).filter(organisatie__is_demo=True)
        assert local.values("zorgpad").distinct().count() >= 6, slug


def test_the_screening_can_signal_every_zorgpad_and_speaks_in_two_voices(db):
    from screening.models import Signaal, Vraag

    assert set(Signaal.objects.values_list("zorgpad__slug", flat=True)) == set(
        Zorgpad.objects.values_list("slug", flat=True)
    )
    vragen = Vraag.objects.prefetch_related("opties__signalen")
    assert 12 <= len(vragen) <= 20  # about three minutes
    for vraag in vragen:
        assert "cliënt" in vraag.tekst_professional, vraag.code
        assert "cliënt" not in vraag.tekst_client, vraag.code
        opties = list(vraag.opties.all())
        assert len(opties) >= 2
        # The first option is the "all is well" answer: it signals nothing.
        assert not opties[0].signalen.all(), vraag.code
        assert any(o.signalen.all() for o in opties), vraag.code


def test_every_question_has_a_short_tip_for_the_professional_in_both_languages():
    from screening.models import Vraag

    for vraag in Vraag.objects.all():
        for tip in (vraag.tip_nl, vraag.tip_en):
            assert tip, vraag.code
            # One or two sentences: a tip is read during a consultation.
            assert len(tip) <= 220, (vraag.code, len(tip))
            sentences = re.split(r"(?<=[.?!])\s+|(?<=[.?!]’)\s+", tip.strip())
            assert len(sentences) <= 2, (vraag.code, sentences)


def test_every_zorgpad_has_everyday_search_words_in_both_languages():
    for pad in Zorgpad.objects.all():
        for words in (pad.zoekwoorden_nl, pad.zoekwoorden_en):
            found = [w.strip() for w in words.split(",") if w.strip()]
            assert len(found) >= 15, (pad.slug, len(found))
