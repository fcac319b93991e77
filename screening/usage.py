"""The one thing a screening writes: an anonymous count.

The statistics work (usage counters per day × gemeente × zorgpad) implements
the counting here; until then nothing is recorded. Never pass answers in.
"""


def record_screening_completed(gemeente, zorgpad_slugs):
    """Count that a screening was completed in `gemeente` and which zorgpaden it
    signalled. Called once per completed screening, from the result view."""
