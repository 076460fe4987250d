#!/usr/bin/env bash
# Seconds from starting the dashboard to its first frame, in a tmux pane of 120x40:
#
#   Benchmarks/first-frame.sh .build/release/alliance open /tmp/log_1m.csv
#
# Starts the command in a detached tmux session and polls the pane every 20 ms until the
# status line (which reads "step N/M") is on it. Uses its own tmux server (-L).
set -u
[ $# -ge 1 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 64; }
server="first-frame-$$"
trap 'tmux -L "$server" kill-server 2>/dev/null' EXIT
start=$(date +%s.%N)
tmux -L "$server" new-session -d -s ff -x 120 -y 40 "$*"
for _ in $(seq 1 1500); do
    if tmux -L "$server" capture-pane -p -t ff 2>/dev/null | grep -q "step  *[0-9][0-9,]*/[0-9]"; then
        end=$(date +%s.%N)
        python3 -c "print('first frame: %.2f s' % ($end - $start))"
        exit 0
    fi
    sleep 0.02
done
echo "no frame within 30 s" >&2
exit 1
