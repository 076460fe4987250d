#!/usr/bin/env python3
"""Writes a synthetic OCEL 2.0 XML log for timing the OCEL XML reader: patients (the cases)
and a few organisations (the partners, by their `label` attribute); every event relates to
one patient and one organisation and has an org:resource.

    python3 Benchmarks/pm4py/gen_ocel_xml.py --events 500000 --out /tmp/big.xmlocel
    ALLIANCE_LOAD_TIMING=1 .build/release/alliance report /tmp/big.xmlocel \
        --case-object-type Patient --partner-object-type Org --partner-column label --format json >/dev/null
    /usr/bin/time -f "%e s, %M KB" /tmp/pm4py-venv/bin/python -c \
        "import pm4py; pm4py.read_ocel2_xml('/tmp/big.xmlocel')"
"""
import argparse


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=500000)
    parser.add_argument("--patients", type=int, default=10000)
    parser.add_argument("--out", default="/tmp/big.xmlocel")
    args = parser.parse_args()
    with open(args.out, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<log>\n<object-types><object-type name="Patient"><attributes/></object-type>'
                '<object-type name="Org"><attributes/></object-type></object-types>\n<event-types/>\n<objects>\n')
        for p in range(args.patients):
            f.write('  <object id="pat-%d" type="Patient"><attributes/></object>\n' % p)
        for o in range(8):
            f.write('  <object id="org-%d" type="Org"><attributes><attribute name="label" time="1970-01-01T00:00:00Z">Org %d</attribute>'
                    '</attributes></object>\n' % (o, o))
        f.write('</objects>\n<events>\n')
        for e in range(args.events):
            f.write('  <event id="e%d" type="Act %d" time="2024-%02d-%02dT%02d:%02d:00+00:00">\n    <attributes>\n'
                    '      <attribute name="org:resource">R%d</attribute>\n    </attributes>\n    <objects>\n'
                    '      <relationship object-id="pat-%d" qualifier="p"/>\n      <relationship object-id="org-%d" qualifier="o"/>\n'
                    '    </objects>\n  </event>\n'
                    % (e, e % 20, 1 + e % 12, 1 + e % 28, e % 24, e % 60, e % 300, e % args.patients, e % 8))
        f.write('</events>\n</log>\n')


if __name__ == "__main__":
    main()
