"""Scoring is pure: answers in, signalled zorgpaden out, most urgent first."""

from screening.scoring import ONBEKEND, Regel, score

VEILIG, GELD, WONEN, TAAL = 1, 2, 3, 4
# zorgpad -> (urgentie, volgorde): safety first, then the order of the topics.
RANGORDE = {VEILIG: (1, 10), GELD: (2, 30), WONEN: (2, 40), TAAL: (3, 90)}
REGELS = {
    ("veilig", "nee"): [Regel(VEILIG, 3, "Voelt zich thuis niet veilig")],
    ("veilig", "soms"): [Regel(VEILIG, 2, "Niet altijd veilig")],
    ("geld", "krap"): [Regel(GELD, 1, "Soms krap")],
    ("geld", "schulden"): [Regel(GELD, 2, "Schulden"), Regel(WONEN, 1, "Huur achter")],
    ("woon", "geen"): [Regel(WONEN, 3, "Geen vaste woonplek")],
    ("taal", "ja"): [Regel(TAAL, 2, "Lezen is moeilijk")],
    ("brief", "ja"): [Regel(TAAL, 1, "Lezen is moeilijk")],
}


def slugs(antwoorden):
    return [u.zorgpad_id for u in score(antwoorden, REGELS, RANGORDE)]


def test_no_answers_signal_nothing():
    assert score({}, REGELS, RANGORDE) == []


def test_an_option_without_rules_signals_nothing():
    assert slugs({"veilig": "ja", "geld": "nee"}) == []


def test_safety_comes_before_money_whatever_the_order_of_answers():
    assert slugs({"geld": "schulden", "taal": "ja", "veilig": "soms"}) == [
        VEILIG,
        GELD,
        WONEN,
        TAAL,
    ]


def test_one_option_can_signal_several_zorgpaden():
    uitkomsten = score({"geld": "schulden"}, REGELS, RANGORDE)
    assert [(u.zorgpad_id, u.sterkte) for u in uitkomsten] == [(GELD, 2), (WONEN, 1)]


def test_within_one_urgency_the_stronger_signal_comes_first():
    # Wonen (volgorde 40) outranks geld (30) when it is signalled more strongly.
    assert slugs({"geld": "krap", "woon": "geen"}) == [WONEN, GELD]
    # Equal strength: the national order decides.
    assert slugs({"geld": "schulden"}) == [GELD, WONEN]


def test_strengths_add_up_and_reasons_are_not_repeated():
    (taal,) = score({"taal": "ja", "brief": "ja"}, REGELS, RANGORDE)
    assert taal.sterkte == 3
    assert taal.redenen == ["Lezen is moeilijk"]


def test_reasons_are_kept_per_zorgpad_in_order_of_the_answers():
    uitkomsten = score({"geld": "schulden", "woon": "geen"}, REGELS, RANGORDE)
    wonen = next(u for u in uitkomsten if u.zorgpad_id == WONEN)
    assert wonen.redenen == ["Huur achter", "Geen vaste woonplek"]
    assert wonen.sterkte == 4


def test_dont_know_and_skipped_questions_signal_nothing():
    # "veilig" answered with "weet ik niet", "geld" skipped (absent).
    assert slugs({"veilig": ONBEKEND, "taal": "ja"}) == [TAAL]


def test_unknown_answers_are_ignored_by_the_pure_function():
    # The view rejects them before scoring; scoring itself never crashes.
    assert slugs({"veilig": "misschien", "onbekend": "ja"}) == []
