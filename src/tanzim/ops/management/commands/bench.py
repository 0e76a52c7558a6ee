import json
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tanzim.directives import bench as directives_bench
from tanzim.dues.bench import TARGET_MS, treasurer_page_figures
from tanzim.elections import bench as elections_bench
from tanzim.evaluation.bench import evaluation_figures
from tanzim.members import bench
from tanzim.voters import bench as voters_bench


class Command(BaseCommand):
    help = (
        "Benchmark the member import against a raw COPY and its floor (the same rows landed in the same tables, "
        "indexes and keys rebuilt), name search with spelling variants in each script and across scripts, the "
        "person picker, the renewal page of a provincial office, and each app's pages at that scale: the treasurer's "
        "page (dues), the overdue and follow-up directives, the scorecards and coverage (PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=1_000_000)
        parser.add_argument("--searches", type=int, default=1000)

    def handle(self, *args, members: int, searches: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        call_command("migrate", verbosity=0)
        call_command("load_territory", verbosity=0)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "members.csv"
            started = time.perf_counter()
            bench.generate(path, members)
            self.stdout.write(
                f"generated {members:,} rows in {time.perf_counter() - started:.1f} s "
                f"({path.stat().st_size / 1e6:.0f} MB)"
            )
            copy_s = bench.raw_copy_seconds(path)
            result = bench.import_in_child(path)
        rate = result["read"] / result["seconds"]
        copy_rate = members / copy_s
        self.stdout.write(f"raw COPY into a bare table: {copy_s:.2f} s = {copy_rate:,.0f} rows/s")
        self.stdout.write(
            f"member_import: {result['seconds']:.2f} s = {rate:,.0f} rows/s "
            f"(inserted {result['inserted']:,}, rejected {result['rejected']:,}); "
            f"peak RSS {result['rss_mb']:.0f} MB (each checking process at most {result['checking_rss_mb']:.0f} MB)"
        )
        phases = result.get("phases", {})
        rest = result["seconds"] - sum(phases.values())
        self.stdout.write(
            "member_import, where the time went: "
            + ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in phases.items())
            + f", the rest (matching, conflicts, dues years, audit) {rest:.1f} s"
        )
        self.stdout.write(f"import / raw COPY speed ratio: {rate / copy_rate:.1%}")
        floor = bench.floor_figures()
        floor_ratio = result["seconds"] / floor["seconds"]
        self.stdout.write(
            f"import floor (same rows, same tables, indexes and keys rebuilt): {floor['seconds']:.2f} s "
            f"(COPY of {floor['rows']:,} rows {floor['copy_seconds']:.2f} s, {floor['indexes']} indexes and "
            f"constraints {floor['index_seconds']:.2f} s, {floor['foreign_keys']} foreign keys "
            f"{floor['key_seconds']:.2f} s); member_import / floor: {floor_ratio:.2f}× (target ≤ 1.25×)"
        )
        figures = bench.search_figures(searches)
        self.stdout.write(
            f"name search, {figures['searches']} queries with spelling variants: p50 {figures['p50_ms']:.1f} ms, "
            f"p95 {figures['p95_ms']:.1f} ms"
        )
        self.stdout.write(
            f"  in the name's own script: recall {figures['recall']:.3f}, precision {figures['precision']:.3f} "
            f"(name key alone: recall {figures['recall_key_only']:.3f}, "
            f"precision {figures['precision_key_only']:.3f})"
        )
        self.stdout.write(
            f"  across scripts ({figures['cross_searches']} queries, p95 {figures['cross_p95_ms']:.1f} ms): "
            f"recall {figures['cross_recall']:.3f} (Latin → Arabic-only {figures['latin_to_arabic_recall']:.3f}, "
            f"Arabic → Latin-only {figures['arabic_to_latin_recall']:.3f}), precision {figures['cross_precision']:.3f}"
        )
        picker = bench.picker_figures(min(searches, 500))
        self.stdout.write(
            f"person picker, {picker['query']['n']} names as typed by the Tétouan secretary "
            f"({picker['province_persons']:,} persons in the province): query p50 {picker['query']['p50_ms']:.1f} ms, "
            f"p95 {picker['query']['p95_ms']:.1f} ms (target < 50 ms); whole endpoint p50 "
            f"{picker['endpoint']['p50_ms']:.1f} ms, p95 {picker['endpoint']['p95_ms']:.1f} ms"
        )
        renewal = bench.renewal_page_figures()
        self.stdout.write(
            f"renewal page of the Tétouan provincial office ({renewal['seats']} seats), server time: "
            f"p50 {renewal['p50_ms']:.1f} ms, p95 {renewal['p95_ms']:.1f} ms (target < 300 ms), "
            f"(its Python CPU p50 {renewal['cpu_p50_ms']:.1f} ms), {renewal['bytes'] / 1024:.0f} KB, "
            f"{renewal['queries']} queries"
        )
        # Each app's part of the benchmark, measured in the same run (ops sits above every app and reads their
        # bench modules; no app imports another's).

        dues = treasurer_page_figures()
        for name, page in dues["pages"].items():
            self.stdout.write(
                f"dues page of the Tétouan provincial office ({dues['province_members']:,} members of "
                f"{dues['registry']:,}), filter {name}: p50 {page['p50_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms, "
                f"{page['rows']} rows, {page['queries']} queries"
            )
        self.stdout.write(
            f"dues page, worst p95 {dues['worst_p95_ms']:.1f} ms / target {TARGET_MS:.0f} ms = "
            f"{dues['ratio_to_target']:.2f}×"
        )
        started = time.perf_counter()
        sizes = directives_bench.directives_setup()
        self.stdout.write(
            f"directives: {sizes.get('bodies', 0):,} bodies, "
            f"{sizes.get('meetings', 0):,} monthly meetings over 5 years, "
            f"{sizes.get('directives', 0):,} directives, {sizes.get('assignments', 0):,} assignments "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        directives = directives_bench.directives_figures()
        for key, label in (
            ("national_overdue", "national overdue directives page"),
            ("province_followup", "Taounate's follow-up page (roll-up of what it sent)"),
            ("province_directive", "one directive of Taounate with its per-recipient roll-up"),
        ):
            f = directives[key]
            if f:
                self.stdout.write(
                    f"{label}, server time: p50 {f['p50_ms']:.1f} ms, p95 {f['p95_ms']:.1f} ms "
                    f"(target < {directives_bench.TARGET_MS} ms: p95/target {f['ratio']:.2f})"
                )
        evaluation = evaluation_figures(province_user=directives_bench.BENCH_PROVINCE_USER)
        self.stdout.write(
            f"evaluation, national reader: scorecards of the {evaluation['provinces']} provincial offices "
            f"p50 {evaluation['scorecards']['p50_ms']:.0f} ms ({evaluation['scorecards']['queries']} queries), "
            f"national structuring coverage p50 {evaluation['coverage']['p50_ms']:.0f} ms (target < 200 ms)"
        )
        page = evaluation["province_page"]
        self.stdout.write(
            f"evaluation, Taounate's scorecard page (its local bodies ranked, as its provincial office opens it), "
            f"server time: p50 {page['p50_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms (target < 200 ms: "
            f"p95/target {page['p95_ms'] / 200:.2f})"
        )
        elections = elections_bench.proposals_page_figures()
        for name, page in elections["pages"].items():
            self.stdout.write(
                f"national proposals page of the 2026 legislative election ({elections['proposals']:,} proposals, "
                f"criteria judged on the page), {name} page: p50 {page['p50_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms, "
                f"{page['rows']} rows, {page['queries']} queries"
            )
        self.stdout.write(
            f"proposals page, worst p95 {elections['worst_p95_ms']:.1f} ms / target {elections_bench.TARGET_MS:.0f} ms "
            f"= {elections['ratio_to_target']:.2f}×"
        )
        self.stdout.write(
            f"evaluation, national reader: coverage map of the country by province "
            f"p50 {evaluation['map']['p50_ms']:.0f} ms ({evaluation['map']['queries']} queries), "
            f"Taounate by commune p50 {evaluation['province_map']['p50_ms']:.0f} ms (target < 200 ms)"
        )
        voters = voters_bench.drive_figures()
        self.stdout.write(
            f"voter-registration drive, national page p50 {voters['national']['p50_ms']:.1f} ms, worst "
            f"{voters['national']['max_ms']:.1f} ms / target {voters_bench.TARGET_MS:.0f} ms = "
            f"{voters['ratio_to_target']:.2f}×"
        )
        self.stdout.write(
            json.dumps(
                {
                    "voters": voters,
                    "elections": elections,
                    "dues": dues,
                    "directives": directives,
                    "evaluation": evaluation,
                    "import": result,
                    "copy_seconds": copy_s,
                    "floor": floor,
                    "import_floor_ratio": floor_ratio,
                    "search": figures,
                    "picker": picker,
                    "renewal": renewal,
                }
            )
        )
