#!/usr/bin/env python3
"""Computes handover of work and working together with PM4Py and writes them as JSON test
fixtures for AllianceLogs (Tests/AllianceLogsTests/Fixtures/pm4py/).

Regenerate (from the repository root; the repo sits beside ../shared):

    python3 -m venv /tmp/pm4py-venv
    /tmp/pm4py-venv/bin/pip install -r Benchmarks/pm4py/requirements.txt
    python3 ../shared/tools/gen_log.py --cases 1000 --out /tmp/log_100k
    /tmp/pm4py-venv/bin/python Benchmarks/pm4py/fixtures.py \
        --data ../shared/data --generated /tmp/log_100k.csv \
        --out Tests/AllianceLogsTests/Fixtures/pm4py

What each fixture holds, per attribute (org:group, org:resource when the log has it):

- handover_beta0: pm4py.discover_handover_of_work_network(df, beta=0), the DataFrame
  variant: direct succession with multiple transfers, count / sum over cases of (|c| - 1).
- handover_beta0.5: the same with beta=0.5 (indirect succession: weight beta^(n-1) at
  distance n, denominator weighted likewise, no depth cap).
- working_together: pm4py.discover_working_together_network on the *EventLog* object
  (cases with both p and q / number of cases), the definition of the paper.
- working_together_dataframe: the same on the DataFrame, which divides by the number of
  *events* (a PM4Py bug, kept here so that the tests document it).

The DataFrame is put in PM4Py's order by pm4py.format_dataframe (by case id as a string,
then timestamp, then file order), also for the XES log, so that every metric sees each
case's events in time order with ties in file order.
"""
import argparse
import contextlib
import io
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")

with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    import pandas as pd
    import pm4py


def pairs(sna):
    """All pairs of an SNA result, sorted by (from, to) as strings."""
    return [[a, b, float(v)] for (a, b), v in sorted(sna.connections.items())]


def metrics_for(df, attribute):
    out = {}
    for beta in (0, 0.5):
        h = pm4py.discover_handover_of_work_network(df, beta=beta, resource_key=attribute)
        out["handover_beta%s" % beta] = pairs(h)
    with contextlib.redirect_stderr(io.StringIO()):
        log = pm4py.convert_to_event_log(df)
        wt = pm4py.discover_working_together_network(log, resource_key=attribute)
    out["working_together"] = pairs(wt)
    wt_df = pm4py.discover_working_together_network(df, resource_key=attribute)
    out["working_together_dataframe"] = pairs(wt_df)
    return out


def fixture(df, name):
    df = pm4py.format_dataframe(df)
    sizes = df.groupby("case:concept:name").size()
    result = {
        "source": name,
        "pm4py_version": pm4py.__version__,
        "events": int(len(df)),
        "cases": int(df["case:concept:name"].nunique()),
        # The denominator of handover_beta0: sum over cases of (|c| - 1).
        "successions": int((sizes - 1).sum()),
        "metrics": {},
    }
    for attribute in ("org:group", "org:resource"):
        if attribute in df.columns:
            if df[attribute].isna().any():
                raise SystemExit("%s: %s has missing values; PM4Py cannot compute on them" % (name, attribute))
            df[attribute] = df[attribute].astype(str)
            result["metrics"][attribute] = metrics_for(df, attribute)
    return result


def write(result, out_dir, file_name):
    path = os.path.join(out_dir, file_name)
    # One pair per line, so that a diff of a regenerated fixture reads pair by pair.
    lines = ["{"]
    for key in ("source", "pm4py_version", "events", "cases", "successions"):
        lines.append("  %s: %s," % (json.dumps(key), json.dumps(result[key])))
    lines.append('  "metrics": {')
    attributes = sorted(result["metrics"])
    for ai, attribute in enumerate(attributes):
        lines.append("    %s: {" % json.dumps(attribute))
        names = sorted(result["metrics"][attribute])
        for ni, name in enumerate(names):
            rows = result["metrics"][attribute][name]
            lines.append("      %s: [" % json.dumps(name))
            lines += ["        %s%s" % (json.dumps(r), "," if ri < len(rows) - 1 else "") for ri, r in enumerate(rows)]
            lines.append("      ]%s" % ("," if ni < len(names) - 1 else ""))
        lines.append("    }%s" % ("," if ai < len(attributes) - 1 else ""))
    lines.append("  }")
    lines.append("}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(path) as f:
        assert json.load(f) == json.loads(json.dumps(result))
    counts = {a: {k: len(v) for k, v in m.items()} for a, m in result["metrics"].items()}
    print("wrote %s: %d events, %d cases, pairs %s" % (path, result["events"], result["cases"], counts))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/data", help="directory with receipt.csv and running-example.xes")
    parser.add_argument("--generated", default="/tmp/log_100k.csv", help="CSV from gen_log.py --cases 1000")
    parser.add_argument("--out", default="Tests/AllianceLogsTests/Fixtures/pm4py")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    write(fixture(pd.read_csv(os.path.join(args.data, "receipt.csv")), "receipt.csv"), args.out, "receipt.json")
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        xes = pm4py.read_xes(os.path.join(args.data, "running-example.xes"))
    write(fixture(xes, "running-example.xes"), args.out, "running-example.json")
    if os.path.exists(args.generated):
        g = fixture(pd.read_csv(args.generated), "gen_log.py --cases 1000")
        hw = dict(((a, b), v) for a, b, v in g["metrics"]["org:group"]["handover_beta0"])
        print("generated: successions %d, GP->Hospital %.6f (design note: 98,224 and 0.038066)"
              % (g["successions"], hw[("GP", "Hospital")]))
        write(g, args.out, "generated-1000.json")
    else:
        print("skipped the generated log: %s not found" % args.generated, file=sys.stderr)


if __name__ == "__main__":
    main()
