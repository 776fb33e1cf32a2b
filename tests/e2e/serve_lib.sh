# serve_lib.sh — starting, asking and stopping `paperdex serve` in the
# end-to-end scripts (sourced after lib.sh by tests/e2e/test_serve*.sh).
#
#   serve_start NAME ARGS...   starts `paperdex serve --listen 127.0.0.1:0
#                              ARGS...` in the background (stderr in
#                              $TMP/NAME.log), waits for its "listening"
#                              line and sets $URL; call it at the top level
#   http CODE FILE PATH [CURL-ARGS...]
#                              GETs $URL$PATH: body in FILE, headers in
#                              FILE.h, and fails unless the status is CODE
#   serve_stop NAME            SIGTERM, then waits; the exit status is left
#                              in $TMP/NAME.rc for a test to check (0: a
#                              clean stop, no leak under ASan)
#
# Only loopback: the server always listens on 127.0.0.1, on a free port.

_serve_pids=""
trap 'for _p in $_serve_pids; do kill "$_p" 2>/dev/null; done; rm -rf "$TMP"' EXIT

serve_start() {
    _name=$1
    shift
    "$PAPERDEX" serve --listen 127.0.0.1:0 "$@" 2>"$TMP/$_name.log" &
    _spid=$!
    eval "PID_$_name=\$_spid"
    _serve_pids="$_serve_pids $_spid"
    # polled like wait_line, but a server that has exited fails at once
    _end=$(( $(date +%s) + 120 ))
    until grep -Eq "listening on http://127\.0\.0\.1:[0-9]+/" "$TMP/$_name.log"; do
        if ! kill -0 "$_spid" 2>/dev/null || [ "$(date +%s)" -gt "$_end" ]; then
            echo "not ok - setup: paperdex serve $* did not say it was listening"
            sed 's/^/    /' "$TMP/$_name.log"
            exit 1
        fi
        sleep 0.02
    done
    _port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$TMP/$_name.log")
    URL="http://127.0.0.1:$_port"
}

serve_stop() {
    eval "_pid=\$PID_$1"
    kill -TERM "$_pid"
    wait "$_pid"
    echo $? > "$TMP/$1.rc"
}

http() {
    # (names of its own: run() sets _want and _file)
    _http_want=$1
    _http_file=$2
    _http_path=$3
    shift 3
    run 0 "$_http_file.code" curl -sS --max-time 30 -o "$_http_file" -D "$_http_file.h" \
        -w '%{http_code}' "$@" "$URL$_http_path"
    has_line "$_http_file.code" "^$_http_want\$"
}
