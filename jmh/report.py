#!/usr/bin/env python3
"""Turns a JMH JSON result (jmh/target/jmh-<profile>.json) into the Markdown tables of docs/benchmarks.md."""
import json
import re
import sys
from collections import defaultdict

path = sys.argv[1] if len(sys.argv) > 1 else "jmh/target/jmh-full.json"
runs = json.load(open(path))
expr = defaultdict(dict)   # (rows, threads, query) -> contender -> (ms, err, alloc B/op)
gd = defaultdict(dict)     # (gdRows, steps, threads, form) -> engine -> ms
for r in runs:
    name = r["benchmark"].rsplit(".", 1)[1]
    p = r.get("params", {})
    ms = r["primaryMetric"]["score"]
    err = r["primaryMetric"]["scoreError"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    m = re.match(r"(q\d)(Nabla|DuckDb|HandVector|HandScalar)$", name)
    if "ExpressionBenchmark" in r["benchmark"] and m:
        expr[(int(p["rows"]), int(p["threads"]), m.group(1))][m.group(2)] = (ms, err, alloc)
    m = re.match(r"(cte|update)(Nabla|DuckDb)$", name)
    if "GradientDescentBenchmark" in r["benchmark"] and m:
        gd[(int(p["gdRows"]), int(p["steps"]), int(p["threads"]), m.group(1))][m.group(2)] = ms

def f(v):
    return "—" if v is None else f"{v[0]:.1f} ± {v[1]:.1f}"

print("| rows | threads | query | Nabla ms | DuckDB ms | hand Vector ms | hand scalar ms | DuckDB / Nabla | Nabla / hand Vector | Nabla alloc B/op |")
print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for key in sorted(expr):
    rows, threads, q = key
    c = expr[key]
    n, d, hv, hs = (c.get(k) for k in ("Nabla", "DuckDb", "HandVector", "HandScalar"))
    vs_d = f"{d[0] / n[0]:.1f}×" if n and d else "—"
    vs_h = f"{n[0] / hv[0]:.2f}×" if n and hv else "—"
    alloc = f"{n[2]:,.0f}" if n and n[2] is not None else "—"
    print(f"| {rows:,} | {threads} | {q.upper()} | {f(n)} | {f(d)} | {f(hv)} | {f(hs)} | {vs_d} | {vs_h} | {alloc} |")
if gd:
    print()
    print("| rows | steps | threads | form | Nabla ms | DuckDB ms | Nabla ns/row/step | DuckDB ns/row/step | DuckDB / Nabla |")
    print("|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for key in sorted(gd):
        rows, steps, threads, form = key
        n, d = gd[key].get("Nabla"), gd[key].get("DuckDb")
        per = lambda v: f"{v * 1e6 / (rows * steps):.2f}" if v else "—"
        ratio = f"{d / n:.1f}×" if n and d else "—"
        print(f"| {rows:,} | {steps} | {threads} | {form} | {n or 0:.1f} | {d or 0:.1f} | {per(n)} | {per(d)} | {ratio} |")
