#!/usr/bin/env python3
"""One PM4Py step, for Benchmarks/pm4py/compare.sh to time in its own process
(`/usr/bin/time -f '%e %M'`); prints what it computed on one line.

    pm4py_step.py import LOG.csv        # import pm4py and pandas only
    pm4py_step.py csv LOG.csv           # read_csv + format_dataframe + handover of work on org:group (beta=0)
    pm4py_step.py xes LOG.xes           # pm4py.read_xes
"""
import contextlib
import io
import sys
import warnings

warnings.filterwarnings("ignore")


def main():
    step, path = sys.argv[1], sys.argv[2]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        import pandas as pd
        import pm4py
    if step == "import":
        print("pm4py %s, pandas %s" % (pm4py.__version__, pd.__version__))
    elif step == "csv":
        df = pm4py.format_dataframe(pd.read_csv(path))
        hw = pm4py.discover_handover_of_work_network(df, beta=0, resource_key="org:group")
        print("%d events, %d handover pairs" % (len(df), len(hw.connections)))
    elif step == "xes":
        with contextlib.redirect_stderr(io.StringIO()):  # its progress bar
            log = pm4py.read_xes(path)
        print("%d events" % len(log))
    else:
        raise SystemExit("unknown step %r (import, csv or xes)" % step)


if __name__ == "__main__":
    main()
