"""The two spreadsheet comparisons of issue 14 point 4, side by side in one run (not a test):

1. a 10,000-row chronology checked by ``manage.py import_chronology --dry-run`` against a bare
   openpyxl read (read-only mode, every row's values) of the same file, each a whole process;
2. the service's XLSX export (``dhr.files.spreadsheets.xlsx_bytes``) of 10,000 chronology rows
   against a bare XlsxWriter constant-memory write of the same rows.

    .venv/bin/python tests/perf/spreadsheet_speed.py [--rows 10000] [--repeat 5] [--json]
        [--reference DHR-SWA-2025-001 --agency "Kent Police"]

The dry run needs a review and an agency in the database that ``DATABASE_URL`` names (the demo
data: ``manage.py seed_demo``). The processes alternate and the median of ``--repeat`` runs is
taken; CPU seconds (user + system of the child process) are reported beside the wall-clock
seconds because the machine may be shared: the CPU time is what one run costs, whatever else
the machine is doing. ``benchmark.py`` runs this too.

``--compiled`` first compiles the project's Python to bytecode, as the production image does
(``python -m compileall`` in the Dockerfile), and removes the ``__pycache__`` folders it made
afterwards. Without it, where ``PYTHONDONTWRITEBYTECODE`` is set and the project has no
bytecode (this machine's sessions), every dry run compiles the project's modules from source
again, about 0.1-0.2 CPU s, while the bare read's openpyxl was compiled when it was installed.
"""

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

HEADINGS = [
    "Date",
    "Time",
    "Agency record reference",
    "Event or contact",
    "Action or outcome",
    "Comment",
    "Staff role",
]

BARE_OPENPYXL_READ = """
import sys, openpyxl
workbook = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
print(rows)
"""

# The rows both writers write: what the combined chronology export writes for an entry.
ROWS_SOURCE = """
from datetime import date, time
def rows(count):
    first = date(2021, 1, 1).toordinal()
    for index in range(count):
        yield [
            date.fromordinal(first + (index * 7) % 1800),
            time(8 + index % 12, (index * 5) % 60),
            "Kent Police",
            f"KP-{index}",
            f"Contact {index}: the victim attended and disclosed concerns about her partner.",
            "Advice given; referral considered",
            "Comment for the panel" if index % 3 == 0 else "",
            "Practitioner",
        ]
HEADINGS = ["Date", "Time", "Agency", "Reference", "Event or contact", "Action or outcome",
            "Comment", "Staff role"]
"""

BARE_XLSXWRITER_WRITE = (
    ROWS_SOURCE
    + """
import io, json, sys, xlsxwriter
import time as clock
started, started_cpu = clock.perf_counter(), clock.process_time()
buffer = io.BytesIO()
workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
sheet = workbook.add_worksheet("Chronology")
date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
time_format = workbook.add_format({"num_format": "hh:mm"})
sheet.write_row(0, 0, HEADINGS)
for number, row in enumerate(rows(int(sys.argv[1])), start=1):
    sheet.write_datetime(number, 0, row[0], date_format)
    sheet.write_datetime(number, 1, row[1], time_format)
    for column in range(2, len(row)):
        sheet.write_string(number, column, row[column])
workbook.close()
size = len(buffer.getvalue())
print(json.dumps({"write_wall_s": clock.perf_counter() - started,
                  "write_cpu_s": clock.process_time() - started_cpu, "bytes": size}))
"""
)

SERVICE_XLSX_EXPORT = (
    ROWS_SOURCE
    + """
import json, os, sys
import time as clock
sys.path.insert(0, os.environ["DHR_ROOT"])
from dhr.files.spreadsheets import Sheet, xlsx_bytes
import xlsxwriter  # imported before the clock starts, as in a running server
started, started_cpu = clock.perf_counter(), clock.process_time()
content = xlsx_bytes([Sheet("Chronology", HEADINGS, rows(int(sys.argv[1])), widths=[12] * 8,
                            wrap=frozenset({4, 5, 6}))])
print(json.dumps({"write_wall_s": clock.perf_counter() - started,
                  "write_cpu_s": clock.process_time() - started_cpu, "bytes": len(content)}))
"""
)


def chronology_file(path: Path, count: int) -> Path:
    """A chronology as an agency sends it: a title row, a blank row, the headings, the rows
    (dates and times typed as text, as most agencies' exports do), saved by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Kent Police chronology for the review"])
    sheet.append([])
    sheet.append(HEADINGS)
    first = date(2021, 1, 1).toordinal()
    for index in range(count):
        day = date.fromordinal(first + (index * 7) % 1800)
        sheet.append(
            [
                day.strftime("%d/%m/%Y"),
                f"{8 + index % 12:02d}:{(index * 5) % 60:02d}",
                f"KP-{index}",
                f"Contact {index}: the victim attended and disclosed concerns about her partner.",
                "Advice given; referral considered",
                "Comment for the panel" if index % 3 == 0 else "",
                "Practitioner",
            ]
        )
    workbook.save(path)
    return path


def _run(command: list, env: dict) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode:
        raise RuntimeError(f"{' '.join(command[:3])} failed:\n{completed.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    inside = {}
    lines = completed.stdout.strip().splitlines()
    if lines and lines[-1].startswith("{"):
        inside = json.loads(lines[-1])  # the process timed its own work too
    return wall, cpu, inside.get("write_wall_s"), inside.get("write_cpu_s")


def _compare(label: str, ours: tuple, bare: tuple, repeat: int, env: dict, target: float):
    """Runs ``ours`` and ``bare`` (label, command) alternately ``repeat`` times."""
    times = {ours[0]: [], bare[0]: []}
    for _ in range(repeat):
        for name, command in (bare, ours):
            times[name].append(_run(command, env))
    result = {"comparison": label, "target_ratio": target, "runs": repeat}
    for key, (name, _command) in (("ours", ours), ("bare", bare)):
        result[key] = {
            "what": name,
            "wall_s": round(statistics.median(t[0] for t in times[name]), 3),
            "cpu_s": round(statistics.median(t[1] for t in times[name]), 3),
        }
        if all(t[3] is not None for t in times[name]):
            result[key]["write_wall_s"] = round(statistics.median(t[2] for t in times[name]), 3)
            result[key]["write_cpu_s"] = round(statistics.median(t[3] for t in times[name]), 3)
    result["ratio_wall"] = round(result["ours"]["wall_s"] / result["bare"]["wall_s"], 2)
    result["ratio_cpu"] = round(result["ours"]["cpu_s"] / result["bare"]["cpu_s"], 2)
    # The writers are compared on the writing itself (each process times it), as an export
    # runs inside a server that has long imported everything; whole processes are shown too.
    timed = "write_cpu_s" in result["ours"] and "write_cpu_s" in result["bare"]
    result["measured_on"] = "write CPU time" if timed else "whole process CPU time"
    result["ratio"] = (
        round(result["ours"]["write_cpu_s"] / result["bare"]["write_cpu_s"], 2)
        if timed
        else result["ratio_cpu"]
    )
    result["met"] = result["ratio"] <= target
    return result


@contextlib.contextmanager
def _compiled_project():
    """The project's modules compiled to bytecode for the duration (see the module's docstring)."""
    packages = sorted(path.parent for path in ROOT.glob("*/apps.py"))
    before = {path for package in packages for path in package.rglob("__pycache__")}
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", *map(str, packages)], check=True, capture_output=True
    )
    try:
        yield
    finally:
        for package in packages:
            for path in package.rglob("__pycache__"):
                if path not in before:
                    shutil.rmtree(path, ignore_errors=True)


def run(
    rows: int = 10_000,
    repeat: int = 5,
    reference: str = "DHR-SWA-2025-001",
    agency: str = "Kent Police",
    settings: str | None = None,
    compiled: bool = False,
) -> list[dict]:
    env = dict(os.environ, DHR_ROOT=str(ROOT))
    if settings:
        env["DJANGO_SETTINGS_MODULE"] = settings
    compiling = _compiled_project() if compiled else contextlib.nullcontext()
    with tempfile.TemporaryDirectory(prefix="dhr-spreadsheets-") as folder, compiling:
        path = chronology_file(Path(folder) / "chronology.xlsx", rows)
        bare_read = Path(folder) / "bare_read.py"
        bare_read.write_text(BARE_OPENPYXL_READ)
        bare_write = Path(folder) / "bare_write.py"
        bare_write.write_text(BARE_XLSXWRITER_WRITE)
        export = Path(folder) / "export.py"
        export.write_text(SERVICE_XLSX_EXPORT)
        manage = [PYTHON, str(ROOT / "manage.py"), "import_chronology", reference, agency]
        return [
            _compare(
                f"{rows:,}-row chronology: dry run vs bare openpyxl read"
                + (" (project compiled to bytecode first)" if compiled else ""),
                ("manage.py import_chronology --dry-run", [*manage, str(path), "--dry-run"]),
                ("openpyxl read-only read", [PYTHON, str(bare_read), str(path)]),
                repeat,
                env,
                1.0,
            ),
            _compare(
                f"{rows:,}-row XLSX export vs bare XlsxWriter constant-memory write",
                ("dhr.files.spreadsheets.xlsx_bytes", [PYTHON, str(export), str(rows)]),
                ("XlsxWriter constant_memory", [PYTHON, str(bare_write), str(rows)]),
                repeat,
                env,
                1.5,
            ),
        ]


def format_table(results: list[dict]) -> str:
    lines = [
        f"{'Comparison / process':<62} {'wall s':>7} {'CPU s':>7}",
    ]
    for result in results:
        lines.append(result["comparison"])
        for key in ("ours", "bare"):
            part = result[key]
            lines.append(f"  {part['what']:<60} {part['wall_s']:>7.3f} {part['cpu_s']:>7.3f}")
            if "write_cpu_s" in part:
                lines.append(
                    f"  {'  of which the writing':<60} {part['write_wall_s']:>7.3f} "
                    f"{part['write_cpu_s']:>7.3f}"
                )
        lines.append(
            f"  {'whole processes, ours / bare':<60} {result['ratio_wall']:>6.2f}x "
            f"{result['ratio_cpu']:>6.2f}x"
        )
        verdict = "met" if result["met"] else "NOT met"
        lines.append(
            f"  ratio on {result.get('measured_on', 'CPU time')}: {result.get('ratio', 0):.2f}x "
            f"(target <= {result['target_ratio']}x): {verdict}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reference", default="DHR-SWA-2025-001")
    parser.add_argument("--agency", default="Kent Police")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--compiled",
        action="store_true",
        help="Compile the project's Python first, as the production image does.",
    )
    options = parser.parse_args(argv)
    results = run(
        options.rows, options.repeat, options.reference, options.agency, compiled=options.compiled
    )
    print(json.dumps(results, indent=2) if options.json else format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
