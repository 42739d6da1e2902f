# Shell functions of the bench scripts (sourced by scripts/bench-reads and
# scripts/bench-load, not run): the binaries, a scratch directory, starting servers on
# free ports and stopping them. Everything started is stopped on exit.

# Sets `ours`, `probe`, `official`, `token` and `work` (a scratch directory removed on
# exit) and checks that the binaries exist; `$1` is the calling script, for the message.
bench_setup() {
    local target=${CARGO_TARGET_DIR:-target}/release
    ours=${PARSEC_BENCH_SERVER_BIN:-$target/parsec-server}
    probe=$target/parsec-probe
    official=${PARSEC_REFERENCE_BIN:-$HOME/.cache/parsec-ref/venv/bin/parsec}
    token=bench-administration-token
    local bin
    for bin in "$ours" "$probe" "$official"; do
        if [[ ! -x "$bin" ]]; then
            echo "error: $bin is missing (see the header of $1)" >&2
            exit 1
        fi
    done
    work=$(mktemp -d)
    pids=()
    trap bench_cleanup EXIT
}

# Stops every server still running, runs `bench_on_exit` if the script defines it, then
# removes the scratch directory.
bench_cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if declare -F bench_on_exit >/dev/null; then
        bench_on_exit
    fi
    rm -rf "$work"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (at most 60 s) until 127.0.0.1:$1 accepts connections; prints log $2 if not.
wait_port() {
    local deadline=$((SECONDS + 60))
    until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
        if ((SECONDS > deadline)); then
            echo "error: nothing listens on port $1 after 60 s; its log:" >&2
            cat "$2" >&2
            exit 1
        fi
        sleep 0.2
    done
}

# `start LABEL COMMAND...`: runs COMMAND --host 127.0.0.1 --port PORT on a free port (also
# in the environment as PORT), logging to $work/LABEL.log, and waits until it listens.
# Sets `started_port` and `started_pid`. A COMMAND that is a shell function must `exec`
# the server, so that `started_pid` is the server's and `stop` stops it.
start() {
    local label=$1
    shift
    started_port=$(free_port)
    PORT=$started_port "$@" --host 127.0.0.1 --port "$started_port" >"$work/$label.log" 2>&1 &
    started_pid=$!
    pids+=("$started_pid")
    wait_port "$started_port" "$work/$label.log"
}

# `stop PID`: stops a server started by `start` and waits for it to exit.
stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# `official_run ARGS...`: the official server, `--db` and `--blockstore` among ARGS.
official_run() {
    exec env HOME="$work" "$official" run --administration-token "$token" --email-host MOCKED \
        --fake-account-password-algorithm-seed seed \
        --server-addr "parsec3://127.0.0.1:$PORT?no_ssl=true" "$@"
}

# One line with the load average, which says how much else the machine was doing.
loadavg_line() {
    echo "{\"round\": $1, \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
}
