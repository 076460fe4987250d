#!/usr/bin/env python3
"""Writes the OCEL 2.0 XML test fixtures of AllianceLogs with PM4Py's own exporter, from the
OCEL 2.0 JSON logs in ../shared/data, so that the tests can check that reading the XML gives
the same event log as reading the JSON it came from.

Regenerate (from the repository root; the repo sits beside ../shared; the venv as in
fixtures.py):

    /tmp/pm4py-venv/bin/python Benchmarks/pm4py/ocel_xml_fixtures.py \
        --data ../shared/data --out Tests/AllianceLogsTests/Fixtures

It writes ocel20_example.xmlocel (from ocel20_example.jsonocel) and tiny_ocel2.xmlocel (from
tiny_ocel2.json): pm4py.read_ocel2_json, then pm4py.write_ocel2_xml, with PYTHONHASHSEED=0
(the script sets it) so that the order of each event's relationships is reproducible; and
ocel20_example.xmlocel.gz, the first of them gzipped.
"""
import argparse
import contextlib
import gzip
import io
import os
import sys
import warnings

# PM4Py orders an event's relationships by way of Python's string hashing: fix the hash seed
# so that the fixtures come out the same on every run.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))

warnings.filterwarnings("ignore")

with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    import pm4py

PAIRS = [
    ("ocel20_example.jsonocel", "ocel20_example.xmlocel"),
    ("tiny_ocel2.json", "tiny_ocel2.xmlocel"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/data", help="directory with the OCEL 2.0 JSON logs")
    parser.add_argument("--out", default="Tests/AllianceLogsTests/Fixtures")
    args = parser.parse_args()
    for source, target in PAIRS:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            ocel = pm4py.read_ocel2_json(os.path.join(args.data, source))
            pm4py.write_ocel2_xml(ocel, os.path.join(args.out, target))
        print("wrote %s (%d events, %d objects) from %s" % (target, len(ocel.events), len(ocel.objects), source))
    # The example gzipped too (no name, time 0: the same bytes every time).
    with open(os.path.join(args.out, "ocel20_example.xmlocel"), "rb") as f:
        data = f.read()
    with open(os.path.join(args.out, "ocel20_example.xmlocel.gz"), "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as z:
            z.write(data)
    print("wrote ocel20_example.xmlocel.gz")


if __name__ == "__main__":
    main()
