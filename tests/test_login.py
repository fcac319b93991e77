"""Login safety: lockout after wrong passwords (no IP stored), the optional
authenticator-app code, and sessions that end after inactivity."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from beheer.roles import BELEIDSMEDEWERKER

from .conftest import make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
HOME = reverse("admin:index")


@pytest.fixture
def officer(kerkrade):
    return make_user("alice", BELEIDSMEDEWERKER, [kerkrade])


def log_in(client, password="wachtwoord", username="alice", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": HOME, **extra}
    )


def current_token(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_password_alone_logs_in_without_two_factor(client, officer):
    response = log_in(client)
    assert response.status_code == 302 and response.url == HOME
    assert client.get(HOME).status_code == 200


def test_five_wrong_passwords_lock_the_username_out(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "fout")
        assert response.status_code == 200
        assert "correct" in response.content.decode().lower() or (
            "juiste" in response.content.decode().lower()
        )
    response = log_in(client, "fout")
    assert response.status_code == 429
    # Now even the right password is refused, from any address.
    response = log_in(client, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert client.get(HOME).status_code == 302  # not logged in


def test_lockout_stores_no_ip_address(client, officer):
    log_in(client, "fout")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "alice"
    assert attempt.ip_address is None
    assert "fout" not in attempt.post_data  # the password is masked


def test_a_good_login_resets_the_count(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "fout")
    assert log_in(client).status_code == 302
    client.logout()
    log_in(client, "fout")
    assert log_in(client).status_code == 302


@pytest.fixture
def device(officer):
    return TOTPDevice.objects.create(user=officer, name="telefoon", confirmed=True)


def test_with_an_authenticator_app_the_code_is_required(client, officer, device):
    response = log_in(client)
    assert response.status_code == 200
    assert "Vul ook de code uit je authenticator-app in" in response.content.decode()
    response = log_in(
        client, otp_token="000000" if current_token(device) != "000000" else "111111"
    )
    assert "Deze code klopt niet" in response.content.decode()
    # django-otp slows down guessing: after a wrong code the next try must
    # wait a second; skip that wait here.
    device.refresh_from_db()
    device.throttle_reset()
    response = log_in(client, otp_token=current_token(device))
    assert response.status_code == 302
    home = client.get(HOME)
    assert home.status_code == 200
    assert home.wsgi_request.user.is_verified()


def test_officer_sets_up_the_authenticator_app(client, officer):
    client.force_login(officer)
    url = reverse("tweestapsverificatie")
    html = client.get(url).content.decode()
    assert 'id="sleutel"' in html
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    response = client.post(url, {"token": "12345"})
    assert "Deze code klopt niet" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # the second's wait after a wrong code
    response = client.post(url, {"token": current_token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # From now on the login asks for the code.
    client.logout()
    assert log_in(client).status_code == 200


def test_setup_page_is_for_back_office_users_only(client):
    url = reverse("tweestapsverificatie")
    assert client.get(url).status_code == 302  # to the login page
    assert not TOTPDevice.objects.exists()


def test_session_ends_after_thirty_minutes_without_a_request(client, officer):
    log_in(client)
    response = client.get(HOME)
    # Every request renews the cookie for another 30 minutes.
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    assert client.session.get_expiry_age() == 30 * 60


def test_demo_logins_in_the_readme_work(client):
    """README.md lists these; the lockout and 2FA must not break them."""
    from django.core.management import call_command

    from beheer.management.commands.load_demo import DEMO_USERS

    call_command("load_demo", verbosity=0)
    readme = (settings.BASE_DIR / "README.md").read_text()
    for username, password, _role, _codes in DEMO_USERS:
        assert f"`{username}` | `{password}`" in readme
        client.logout()
        response = log_in(client, password, username=username)
        assert response.status_code == 302, username
    # The officer's home shows the demo's reports and stale organisations.
    client.logout()
    log_in(client, "demo-kerkrade-2026", username="beleid-kerkrade")
    wv = client.get(HOME).context["wv"]
    assert wv["meldingen"].aantal == 2
    assert wv["verouderd"].aantal >= 1
