"""A monthly trend as plain SVG geometry: no chart library, no script, no
inline style (the CSP forbids it); colours come from classes in
static/css/statistieken.css. The template draws it; the table beside it is
the text alternative.

Coordinates are strings: the template would print a float the Dutch way
("224,0"), which is no SVG length."""

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 32, 12, 36
MAX_X_LABELS = 12


@dataclass
class Lijn:
    naam: str
    klasse: str
    punten: str  # "x,y x,y …" for <polyline points>
    stippen: list  # (x, y, text) for a <circle> with a <title>


@dataclass
class Grafiek:
    breedte: int
    hoogte: int
    links: int
    rechts: int
    boven: int
    onder: int
    label_x: int  # where the y axis labels end
    label_y: int  # where the x axis labels stand
    lijnen: list
    yas: list  # (y, label)
    xas: list  # (x, label)


def nice_step(value):
    """A tick step of 1, 2 or 5 times a power of ten, so that four steps
    reach at least `value`."""
    target = max(value / 4, 1)
    power = 10 ** math.floor(math.log10(target))
    for step in (1, 2, 5, 10):
        if step * power >= target:
            return int(step * power)
    raise AssertionError  # unreachable: 10 * power >= target


def num(value):
    return f"{value:.1f}"


def teken(labels, korte_labels, series):
    """Geometry for one line per series over the months (`labels` for the
    points' titles, `korte_labels` for the axis)."""
    n = len(labels)
    step = nice_step(max((v for s in series for v in s.waarden), default=0))
    top = 4 * step
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(i):
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v):
        return TOP + plot_h - plot_h * v / top

    lijnen = []
    for index, serie in enumerate(series, start=1):
        punten = [(num(x(i)), num(y(v))) for i, v in enumerate(serie.waarden)]
        lijnen.append(
            Lijn(
                naam=serie.naam,
                klasse=f"lijn-{index}",
                punten=" ".join(f"{px},{py}" for px, py in punten),
                stippen=[
                    (px, py, f"{labels[i]}: {serie.naam} {serie.waarden[i]}")
                    for i, (px, py) in enumerate(punten)
                ],
            )
        )
    every = max(1, math.ceil(n / MAX_X_LABELS))
    return Grafiek(
        breedte=WIDTH,
        hoogte=HEIGHT,
        links=LEFT,
        rechts=WIDTH - RIGHT,
        boven=TOP,
        onder=HEIGHT - BOTTOM,
        label_x=LEFT - 8,
        label_y=HEIGHT - BOTTOM + 20,
        lijnen=lijnen,
        yas=[(num(y(step * k)), f"{step * k}") for k in range(5)],
        xas=[(num(x(i)), korte_labels[i]) for i in range(0, n, every)],
    )
