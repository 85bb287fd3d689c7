# Sourced by the whole-command benchmarks: `measure NAME COMMAND...` runs the command with its output in
# $DATA/NAME.stdout and $DATA/NAME.stderr and prints "wall_s cpu_s max_rss_mb peak_anon_mb": wall, user + sys and max
# RSS (the kernel's VmHWM, mapped runtime and database files included) from /usr/bin/time, and the peak anonymous
# resident memory (RssAnon of /proc/PID/status, sampled every 10 ms), the same measure for CertDesk and its anchors.
# A command that fails stops the benchmark with its output.
measure() {
  local name="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$DATA/$name.time" "$@" > "$DATA/$name.stdout" 2> "$DATA/$name.stderr" &
  local timer=$! peak=0 child r
  while kill -0 "$timer" 2>/dev/null; do
    child=$(pgrep -P "$timer" | head -1 || true)
    r=$([ -n "$child" ] && awk '/RssAnon/{print $2}' "/proc/$child/status" 2>/dev/null || true)
    [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
    sleep 0.01
  done
  wait "$timer" || { echo "$name failed:" >&2; cat "$DATA/$name.stderr" "$DATA/$name.stdout" >&2; exit 1; }
  awk -v anon="$peak" '{ printf "%.2f %.2f %d %d\n", $1, $2 + $3, $4 / 1024, anon / 1024 }' "$DATA/$name.time"
}
