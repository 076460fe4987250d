#!/usr/bin/env bash
# PM4Py and alliance side by side on the 1,003,370-event generated log, each step in its
# own process under /usr/bin/time (wall seconds, peak resident memory), in one run.
#
#   Benchmarks/pm4py/compare.sh                     # from the repository root
#
# Environment (defaults in brackets):
#   PYTHON     a python with PM4Py [/tmp/pm4py-venv/bin/python]; make it with
#              python3 -m venv /tmp/pm4py-venv && /tmp/pm4py-venv/bin/pip install -r Benchmarks/pm4py/requirements.txt
#   LOG        the log's path without extension [/tmp/log_1m]; generated when missing with
#              python3 ../shared/tools/gen_log.py --cases 10000 --out $LOG --xes
#   ALLIANCE   our binary [.build/release/alliance]; build it with swift build -c release
#   SKIP_XES=1 leaves out the XES steps (PM4Py's takes about a minute)
#
# Targets (issue 9): CSV import + full analysis >= 10x faster than PM4Py's read_csv +
# format_dataframe + handover of work, with <= 1/3 of its peak memory; XES import >= 20x
# faster than pm4py.read_xes with <= 1/4 of its peak memory.
set -u
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-/tmp/pm4py-venv/bin/python}
LOG=${LOG:-/tmp/log_1m}
ALLIANCE=${ALLIANCE:-.build/release/alliance}
SKIP_XES=${SKIP_XES:-0}
STEP=Benchmarks/pm4py/pm4py_step.py
TIME=/usr/bin/time

[ -x "$TIME" ] || { echo "compare.sh: $TIME (GNU time) is needed" >&2; exit 2; }
if [ ! -f "$LOG.csv" ] || { [ "$SKIP_XES" != 1 ] && [ ! -f "$LOG.xes" ]; }; then
    echo "generating $LOG.csv and $LOG.xes ..." >&2
    python3 ../shared/tools/gen_log.py --cases 10000 --out "$LOG" --xes >&2 || exit 2
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
declare -A WALL MEM NOTE

# measure NAME COMMAND...: runs it once; records wall seconds and peak MB, or why not.
measure() {
    local name=$1; shift
    if "$TIME" -f '%e %M' -o "$OUT/$name.time" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; then
        read -r wall kb < "$OUT/$name.time"
        WALL[$name]=$wall
        MEM[$name]=$((kb / 1024))
        NOTE[$name]=$(head -c 200 "$OUT/$name.out" | head -n 1)
    else
        local status=$?
        WALL[$name]=""
        MEM[$name]=""
        local message
        message=$(grep -v '^Command exited' "$OUT/$name.err" | head -n 1 | cut -c 1-120)
        NOTE[$name]="failed (exit $status): ${message:-no message (does this build read event logs?)}"
    fi
    printf '  %-22s %8s s %7s MB  %s\n' "$name" "${WALL[$name]:--}" "${MEM[$name]:--}" "${NOTE[$name]}" >&2
}

echo "steps (each in its own process):" >&2
if [ -x "$PYTHON" ]; then
    measure pm4py-import "$PYTHON" "$STEP" import "$LOG.csv"
    measure pm4py-csv "$PYTHON" "$STEP" csv "$LOG.csv"
    [ "$SKIP_XES" = 1 ] || measure pm4py-xes "$PYTHON" "$STEP" xes "$LOG.xes"
else
    echo "  PM4Py: $PYTHON not found (see the top of this script to make the venv)" >&2
fi
if [ -x "$ALLIANCE" ]; then
    # report LOG --format json to /dev/null: the log read and every metric computed and
    # written (handover of work and working together on partners and resources, direct,
    # per case and indirect; n-gram routines), written nowhere. For the XES, the same: more
    # than PM4Py's read_xes, which only reads. check LOG also builds the alliance case.
    measure alliance-report sh -c "\"\$0\" report \"\$1\" --format json > /dev/null" "$ALLIANCE" "$LOG.csv"
    [ "$SKIP_XES" = 1 ] || measure alliance-xes sh -c "\"\$0\" report \"\$1\" --format json > /dev/null" "$ALLIANCE" "$LOG.xes"
    measure alliance-check "$ALLIANCE" check "$LOG.csv"
else
    echo "  alliance: $ALLIANCE not found (swift build -c release)" >&2
fi

# ratio PM4PY OURS SPEED_TARGET MEMORY_TARGET LABEL
row() {
    local theirs=$1 ours=$2 speed_target=$3 mem_target=$4 label=$5
    if [ -z "${WALL[$theirs]:-}" ] || [ -z "${WALL[$ours]:-}" ]; then
        printf '| %s | %s | %s | - | - | >= %sx, <= 1/%s | not measured |\n' "$label" \
            "${WALL[$theirs]:--} s, ${MEM[$theirs]:--} MB" "${WALL[$ours]:--} s, ${MEM[$ours]:--} MB" "$speed_target" "$mem_target"
        return
    fi
    python3 - "$label" "${WALL[$theirs]}" "${MEM[$theirs]}" "${WALL[$ours]}" "${MEM[$ours]}" "$speed_target" "$mem_target" <<'PY'
import sys
label, tw, tm, ow, om, st, mt = sys.argv[1], *map(float, sys.argv[2:])
speed = tw / max(ow, 0.01)
memory = om / tm
ok = speed >= st and memory <= 1 / mt
print("| %s | %.2f s, %d MB | %.2f s, %d MB | %.1fx | %.2f | >= %dx, <= 1/%d | %s |"
      % (label, tw, tm, ow, om, speed, memory, st, mt, "met" if ok else "NOT met"))
PY
}

echo
echo "| step | PM4Py | alliance | faster | memory ratio | target | |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
row pm4py-csv alliance-report 10 3 "CSV + analysis"
[ "$SKIP_XES" = 1 ] || row pm4py-xes alliance-xes 20 4 "XES import (+ metrics)"
if [ -n "${WALL[pm4py-import]:-}" ]; then
    echo
    echo "PM4Py's import of pm4py and pandas alone: ${WALL[pm4py-import]} s, ${MEM[pm4py-import]} MB."
fi
