# Shared by the shell checks: the processes a check started (stopped by PID on exit),
# its temporary folder, and free loopback ports. Source it after defining fail().
tmp=$(mktemp -d)
pids=()
cleanup() {
    # Only the processes this script started, by PID.
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

# A loopback port nothing answers on, below the kernel's ephemeral range.
free_port() {
    RANDOM=$((BASHPID + SECONDS)) # a $(free_port) subshell would otherwise repeat the sequence
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    fail "no free port"
}
