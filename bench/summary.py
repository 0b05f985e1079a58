"""The summary of `make bench`: every scale side by side, from bench-output/<requests>/.

    python bench/summary.py bench-output 20000 200000

Per page and scale: req/s, p50, p95, ratio to the reference page and SQL queries. Then,
between the smallest and the largest scale: the queries, which must be the same (a
difference is flagged, with the statements that differ), and p50 at the largest over p50 at
the smallest, flagged above LIMIT. Then the decisions, the fill times, the code measured and
the problems noted.
"""

import json
import sys
from pathlib import Path

LIMIT = 1.5


def read_json(path):
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def read_fill(directory):
    values = {}
    fill = directory / "fill.txt"
    if fill.exists():
        for line in fill.read_text().splitlines():
            key, eq, value = line.partition("=")
            if eq and key.isupper():
                values[key] = value
    seconds = directory / "fill-seconds"
    if seconds.exists():
        fill_seconds, vacuum_seconds = (seconds.read_text().split() + ["", ""])[:2]
        values["fill_seconds"], values["vacuum_seconds"] = fill_seconds, vacuum_seconds
        values["fill_now"] = bool(values.get("FILL_SECONDS"))
    return values


def scale_label(requests):
    return f"{int(requests):,}".replace(",", " ")


def main():
    out = Path(sys.argv[1])
    scales = sys.argv[2:]
    data = {}
    for scale in scales:
        directory = out / scale
        queries = read_json(directory / "queries.json") or []
        load = read_json(directory / "load.json") or []
        data[scale] = {
            "queries": {page["name"]: page for page in queries},
            "load": {page["name"]: page for page in load},
            "decisions": read_json(directory / "decisions.json"),
            "fill": read_fill(directory),
            "code": (directory / "code.txt").read_text().splitlines()
            if (directory / "code.txt").exists()
            else [],
            "problems": (directory / "problems.txt").read_text().splitlines()
            if (directory / "problems.txt").exists()
            else [],
        }
    names = []
    for scale in scales:
        for name in [*data[scale]["load"], *data[scale]["queries"]]:
            if name not in names:
                names.append(name)

    def cell(scale, name):
        page = data[scale]["load"].get(name)
        sql = data[scale]["queries"].get(name, {}).get("queries")
        sql = "-" if sql is None else str(sql)
        if page is None:
            return f"{'-':>7} {'-':>7} {'-':>7} {'-':>5} {sql:>4}"
        return (
            f"{page['rps']:>7.1f} {page['p50']:>7.1f} {page['p95']:>7.1f} "
            f"{page['ratio']:>5.2f} {sql:>4}"
        )

    width = 38
    print("Pages: medians of the rounds; ratio = req/s over the reference page's; SQL = queries")
    print(f"{'':<16}" + "".join(f" | {scale_label(s) + ' requests':^{width}}" for s in scales))
    print(
        f"{'page':<16}"
        + f" | {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>5} {'SQL':>4}" * len(scales)
    )
    for name in names:
        print(f"{name:<16}" + "".join(f" | {cell(s, name)}" for s in scales))

    if len(scales) >= 2:
        small, large = scales[0], scales[-1]
        print()
        print(
            f"From {scale_label(small)} to {scale_label(large)} requests: queries must not "
            f"change, p50 must stay under {LIMIT}× its value"
        )
        print("  × = p50 at the largest scale over p50 at the smallest; ×/ref = the same")
        print("  divided by the reference page's (discounts a machine busier during one scale)")
        print(
            f"{'page':<16} {'SQL ' + small:>10} {'SQL ' + large:>11} {'':<10} "
            f"{'p50 ' + small:>11} {'p50 ' + large:>12} {'×':>6} {'×/ref':>6}"
        )
        reference = names[0] if names else None
        ref_small = data[small]["load"].get(reference, {}).get("p50")
        ref_large = data[large]["load"].get(reference, {}).get("p50")
        ref_growth = ref_large / ref_small if ref_small and ref_large else None
        differing = []
        for name in names:
            q_small = data[small]["queries"].get(name, {}).get("queries")
            q_large = data[large]["queries"].get(name, {}).get("queries")
            sql_flag = ""
            if q_small is None or q_large is None:
                sql_flag = "?"
            elif q_small != q_large:
                sql_flag = "DIFFERS"
                differing.append(name)
            elif (
                data[small]["queries"][name]["statements"]
                != (data[large]["queries"][name]["statements"])
            ):
                sql_flag = "same count, other SQL"
                differing.append(name)
            p_small = data[small]["load"].get(name, {}).get("p50")
            p_large = data[large]["load"].get(name, {}).get("p50")
            if p_small and p_large:
                ratio = p_large / p_small
                versus = f"{ratio / ref_growth:>6.2f}" if ref_growth else f"{'-':>6}"
                flag = f"  over {LIMIT}×" if ratio > LIMIT else ""
                p_cells = f"{p_small:>11.1f} {p_large:>12.1f} {ratio:>6.2f} {versus}{flag}"
            else:
                p_cells = f"{'-':>11} {'-':>12} {'-':>6} {'-':>6}"
            print(
                f"{name:<16} {q_small if q_small is not None else '-':>10} "
                f"{q_large if q_large is not None else '-':>11} {sql_flag:<10} {p_cells}"
            )
        for name in differing:
            before = data[small]["queries"][name]["statements"]
            after = data[large]["queries"][name]["statements"]
            print(f"  {name}: statements only at {scale_label(small)}:")
            for statement in [s for s in before if s not in after][:5]:
                print(f"    {statement[:160]}")
            print(f"  {name}: statements only at {scale_label(large)}:")
            for statement in [s for s in after if s not in before][:5]:
                print(f"    {statement[:160]}")

    print()
    print("Decisions: office users validating different requests at once (medians of rounds)")
    print(
        f"{'requests':>10} {'dec/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'non-302':>7} "
        f"{'unvalid.':>8} {'lock waits (samples)':>21}"
    )
    for scale in scales:
        d = data[scale]["decisions"]
        if not d:
            print(f"{scale_label(scale):>10} {'-':>7}")
            continue
        waiting = sum(r["lock_samples_waiting"] for r in d["rounds"])
        samples = sum(r["lock_samples"] for r in d["rounds"])
        print(
            f"{scale_label(scale):>10} {d['per_second']:>7.1f} {d['p50']:>7.1f} {d['p95']:>7.1f} "
            f"{d['non_redirect']:>7} {d['not_validated']:>8} {f'{waiting}/{samples}':>21}"
        )

    print()
    print("Fill")
    for scale in scales:
        fill = data[scale]["fill"]
        seconds = fill.get("fill_seconds")
        when = "this run" if fill.get("fill_now") else "an earlier run"
        timing = (
            f"filled in {seconds} s (+ VACUUM ANALYZE {fill.get('vacuum_seconds')} s), {when}"
            if seconds
            else "fill time unknown (filled before bench-output kept it)"
        )
        print(
            f"{scale_label(scale):>10} requests: {timing}; head's school has "
            f"{fill.get('HEAD_SCHOOL_REQUESTS', '?')} requests, "
            f"{fill.get('UNDER_REVIEW', '?')} under review"
        )
    print()
    print("Code measured (commit, and a hash of the uncommitted changes outside bench/)")
    for scale in scales:
        for line in data[scale]["code"]:
            print(f"{scale_label(scale):>10} {line}")
    for stage, what in (("load", "p50"), ("queries", "queries")):
        versions = {
            line.split(": ", 1)[1]
            for s in scales
            for line in data[s]["code"]
            if line.startswith(f"{stage}: ")
        }
        if len(versions) > 1:
            print(f"  the code changed between the scales' {stage} runs: compare {what} with care")
    problems = [(scale, p) for scale in scales for p in data[scale]["problems"]]
    if problems:
        print()
        print("Problems")
        for scale, problem in problems:
            print(f"{scale_label(scale):>10}: {problem}")


if __name__ == "__main__":
    main()
