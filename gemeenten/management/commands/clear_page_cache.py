"""Rebuild every public page on its next request (new version tokens for all
scopes): after an edit made while the cache server was unreachable, or after
restoring a database backup."""

from django.core.management.base import BaseCommand, CommandError

from zorgpad import cache


class Command(BaseCommand):
    help = "Make every cached public page fresh on its next request."

    def handle(self, **options):
        cache.bump(cache.LANDELIJK, cache.OPENDATA)
        if not cache.write_owed_tokens():
            raise CommandError("The cache is unreachable; try again when it is back.")
        self.stdout.write("Every public page is rebuilt on its next request.")
