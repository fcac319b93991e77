"""A visitor reports an error on a path page; the gemeente's officer sees it
in the admin, opens the organisation and marks the report handled."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from gemeenten import meldingen
from gemeenten.models import Melding, MeldingStatus

from .conftest import make_aanbod, make_organisatie, queries_of

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(kerkrade, zorgpad):
    org = make_organisatie(naam="Wijkteam Kerkrade", gemeenten=[kerkrade])
    make_aanbod(org, zorgpad)
    return org


def page(gemeente, zorgpad):
    return reverse("gemeenten:zorgpad", args=[gemeente.slug, zorgpad.slug])


def post_url(gemeente, zorgpad):
    return reverse("gemeenten:melding", args=[gemeente.slug, zorgpad.slug])


def test_every_path_page_has_the_form_and_sets_no_cookie(
    client, kerkrade, zorgpad, org
):
    response = client.get(page(kerkrade, zorgpad))
    html = response.content.decode()
    assert "Klopt er iets niet?" in html
    assert f'action="{post_url(kerkrade, zorgpad)}"' in html
    assert f'<option value="{org.pk}">Wijkteam Kerkrade</option>' in html
    assert not response.cookies


def test_report_reaches_the_gemeente_and_thanks_the_visitor(
    client, kerkrade, zorgpad, org
):
    response = client.post(
        post_url(kerkrade, zorgpad),
        {"bericht": "Het nummer is afgesloten.", "organisatie": org.pk, "email": ""},
        follow=True,
        **ORIGIN,
    )
    assert response.redirect_chain[-1][0].endswith("?melding=verzonden#melding")
    assert "Je melding is verstuurd naar de gemeente Kerkrade" in (
        response.content.decode()
    )
    melding = Melding.objects.get()
    assert (melding.gemeente, melding.zorgpad, melding.organisatie) == (
        kerkrade,
        zorgpad,
        org,
    )
    assert melding.status == MeldingStatus.NIEUW
    assert not response.cookies

    from statistieken.models import Soort, Telling

    # Counted for the statistics: one report, for this gemeente and path.
    (telling,) = Telling.objects.filter(soort=Soort.MELDING)
    assert (telling.gemeente, telling.zorgpad, telling.aantal) == (kerkrade, zorgpad, 1)


def test_errors_keep_the_text_and_sit_next_to_the_field(client, kerkrade, zorgpad, org):
    response = client.post(
        post_url(kerkrade, zorgpad),
        {"bericht": "Het adres klopt niet", "email": "niet-een-adres"},
        **ORIGIN,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Het adres klopt niet</textarea>" in html
    assert 'value="niet-een-adres"' in html
    assert "Dit e-mailadres klopt niet" in html
    assert 'aria-invalid="true"' in html
    response = client.post(post_url(kerkrade, zorgpad), {"bericht": ""}, **ORIGIN)
    assert "Schrijf kort wat er niet klopt." in response.content.decode()
    assert not Melding.objects.exists()


def test_report_cannot_name_an_organisation_of_another_page(
    client, kerkrade, heerlen, zorgpad, org
):
    other = make_organisatie(naam="Wijkteam Heerlen", gemeenten=[heerlen])
    response = client.post(
        post_url(kerkrade, zorgpad),
        {"bericht": "x", "organisatie": other.pk},
        **ORIGIN,
    )
    assert response.status_code == 400
    assert not Melding.objects.exists()


def test_honeypot_pretends_success_but_stores_nothing(client, kerkrade, zorgpad):
    response = client.post(
        post_url(kerkrade, zorgpad),
        {"bericht": "Koop nu!", "website": "https://spam.example"},
        **ORIGIN,
    )
    assert response.status_code == 302
    assert not Melding.objects.exists()


def test_rate_limit_per_visitor_keeps_the_text(client, kerkrade, zorgpad):
    for n in range(meldingen.PER_VISITOR):
        client.post(post_url(kerkrade, zorgpad), {"bericht": f"fout {n}"}, **ORIGIN)
    response = client.post(
        post_url(kerkrade, zorgpad), {"bericht": "nog een fout"}, **ORIGIN
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Probeer het over een uur" in html
    assert "nog een fout</textarea>" in html
    assert Melding.objects.count() == meldingen.PER_VISITOR
    # Another address may still report.
    response = client.post(
        post_url(kerkrade, zorgpad),
        {"bericht": "andere bezoeker"},
        REMOTE_ADDR="10.0.0.2",
        **ORIGIN,
    )
    assert response.status_code == 302


def test_rate_limit_stores_no_ip_address(client, kerkrade, zorgpad):
    client.post(post_url(kerkrade, zorgpad), {"bericht": "fout"}, **ORIGIN)
    from django.db import connection

    with connection.cursor() as cursor:  # the shared database cache
        cursor.execute("SELECT cache_key, value FROM zorgpad_cache")
        rows = cursor.fetchall()
    assert rows and not any("127.0.0.1" in key + value for key, value in rows)
    melding = Melding.objects.get()
    assert "127.0.0.1" not in str(
        {f.name: getattr(melding, f.attname) for f in melding._meta.fields}
    )


def test_posts_from_other_sites_are_refused(client, kerkrade, zorgpad):
    response = client.post(
        post_url(kerkrade, zorgpad),
        {"bericht": "x"},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    response = client.post(post_url(kerkrade, zorgpad), {"bericht": "Mijn tekst"})
    assert response.status_code == 403  # neither Origin nor Referer
    html = response.content.decode()
    assert "Verstuur het opnieuw vanaf deze pagina" in html  # the form again
    assert "Mijn tekst" in html  # with the text kept
    assert not Melding.objects.exists()
    response = client.post(
        post_url(kerkrade, zorgpad),
        {"bericht": "x"},
        HTTP_REFERER="http://testserver" + page(kerkrade, zorgpad),
    )
    assert response.status_code == 302
    assert Melding.objects.count() == 1


def test_htmx_updates_the_form_in_place(client, kerkrade, zorgpad):
    response = client.post(
        post_url(kerkrade, zorgpad),
        {"bericht": "fout"},
        HTTP_HX_REQUEST="true",
        **ORIGIN,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="melding"')
    assert "Je melding is verstuurd" in html
    response = client.post(
        post_url(kerkrade, zorgpad), {"bericht": ""}, HTTP_HX_REQUEST="true", **ORIGIN
    )
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert "Schrijf kort wat er niet klopt." in response.content.decode()


def test_only_post_and_only_for_existing_pages(client, kerkrade, zorgpad):
    assert client.get(post_url(kerkrade, zorgpad)).status_code == 405
    response = client.post(
        reverse("gemeenten:melding", args=["kerkrade", "bestaat-niet"]),
        {"bericht": "x"},
        **ORIGIN,
    )
    assert response.status_code == 404


def test_officer_sees_the_report_opens_the_organisation_and_handles_it(
    client, kerkrade, zorgpad, org, officer_kerkrade
):
    client.post(
        post_url(kerkrade, zorgpad),
        {"bericht": "Telefoon werkt niet", "organisatie": org.pk},
        **ORIGIN,
    )
    melding = Melding.objects.get()
    client.force_login(officer_kerkrade)
    home = client.get(reverse("admin:index")).content.decode()
    assert "Nieuwe meldingen van bezoekers (1)" in home
    assert "Telefoon werkt niet" in home
    change = client.get(
        reverse("admin:gemeenten_melding_change", args=[melding.pk])
    ).content.decode()
    org_url = reverse("admin:gemeenten_organisatie_change", args=[org.pk])
    assert f'href="{org_url}"' in change
    client.post(
        reverse("admin:gemeenten_melding_changelist"),
        {"action": "markeer_afgehandeld", "_selected_action": [melding.pk]},
    )
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.AFGEHANDELD
    assert melding.afgehandeld_door == officer_kerkrade
    home = client.get(reverse("admin:index")).content.decode()
    assert "Nieuwe meldingen van bezoekers (0)" in home


def test_setting_the_status_on_the_report_says_who_handled_it_and_when(
    client, kerkrade, zorgpad, officer_kerkrade
):
    melding = Melding.objects.create(gemeente=kerkrade, zorgpad=zorgpad, bericht="x")
    client.force_login(officer_kerkrade)
    response = client.post(
        reverse("admin:gemeenten_melding_change", args=[melding.pk]),
        {"status": MeldingStatus.AFGEHANDELD},
    )
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.AFGEHANDELD
    assert melding.afgehandeld_door == officer_kerkrade
    assert melding.afgehandeld_op is not None


def test_report_about_a_national_organisation_is_not_a_link_for_officers(
    client, kerkrade, zorgpad, officer_kerkrade
):
    national = make_organisatie(naam="Landelijke lijn", landelijk=True)
    melding = Melding.objects.create(
        gemeente=kerkrade, zorgpad=zorgpad, organisatie=national, bericht="x"
    )
    client.force_login(officer_kerkrade)
    change = client.get(
        reverse("admin:gemeenten_melding_change", args=[melding.pk])
    ).content.decode()
    assert "Landelijke lijn" in change
    assert reverse("admin:gemeenten_organisatie_change", args=[national.pk]) not in (
        change
    )


def test_path_page_query_count_stays_pinned_with_the_form(
    client, kerkrade, zorgpad, org
):
    _, own, _ = queries_of(client, page(kerkrade, zorgpad))
    assert len(own) <= 4


def test_the_gemeentes_feedback_address_gets_a_short_email(
    client, kerkrade, zorgpad, mailoutbox, django_capture_on_commit_callbacks
):
    kerkrade.feedback_email = "zorgpad@kerkrade.example"
    kerkrade.save()
    with django_capture_on_commit_callbacks(execute=True):  # sent after the commit
        client.post(
            post_url(kerkrade, zorgpad),
            {"bericht": "Nummer klopt niet", "email": "ouder@example.org"},
            **ORIGIN,
        )
    [mail] = mailoutbox
    assert mail.to == ["zorgpad@kerkrade.example"]
    assert "Nummer klopt niet" in mail.body
    melding = Melding.objects.get()
    assert f"/beheer/gemeenten/melding/{melding.pk}/change/" in mail.body
    assert "ouder@example.org" not in mail.body


def test_behind_a_proxy_the_rate_limit_uses_the_forwarded_address(
    client, kerkrade, zorgpad, settings
):
    settings.ZORGPAD_PROXY_HOPS = 1
    data = {"bericht": "Klopt niet.", "email": ""}

    def send(address):
        return client.post(
            post_url(kerkrade, zorgpad),
            data,
            HTTP_X_FORWARDED_FOR=f"203.0.113.9, {address}",
            REMOTE_ADDR="10.0.0.1",  # the proxy, the same for everyone
            **ORIGIN,
        )

    for _ in range(5):
        assert send("198.51.100.1").status_code == 302
    assert send("198.51.100.1").status_code == 400  # this visitor: over the limit
    assert send("198.51.100.2").status_code == 302  # another visitor still can
