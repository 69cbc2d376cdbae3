#!/bin/sh
# Starts and stops a real libvirt daemon (QEMU driver, software emulation) for the t/6*.t
# tests, as root, without systemd.
#
#   tools/libvirtd.sh start    install packages if missing, set up, start the daemons
#   tools/libvirtd.sh stop     stop exactly the daemons "start" recorded
#   tools/libvirtd.sh status   say which recorded daemons are alive
#
# Daemons started (their PIDs are recorded in $SYSVIRT_LIBVIRTD_STATE, default
# /tmp/sysvirt-libvirtd):
#   virtlogd                  QEMU's log helper (pid file virtlogd.pid)
#   libvirtd                  the system daemon: qemu:///system, test+unix:///default on
#                             /var/run/libvirt/libvirt-sock (pid file libvirtd.pid)
#   libvirtd (TCP)            a second daemon with no stateful driver loaded (only the
#                             built-in test driver), listening on 127.0.0.1:16509 with
#                             auth none for test+tcp://127.0.0.1/default; its own config,
#                             unix socket dir and pid file live in the state dir
#                             (pid file libvirtd-tcp.pid)
# Both "start" and "stop" are idempotent. Logs go to the state dir.
set -eu

STATE=${SYSVIRT_LIBVIRTD_STATE:-/tmp/sysvirt-libvirtd}
SOCK=/var/run/libvirt/libvirt-sock
TCP_PORT=${SYSVIRT_LIBVIRTD_TCP_PORT:-16509}
PKGS="libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 qemu-utils libvirt-clients"

log() { echo "libvirtd.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# --- packages -----------------------------------------------------------------------------

pkg_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

install_packages() {
    missing=
    for p in $PKGS; do pkg_installed "$p" || missing="$missing $p"; done
    if [ -z "$missing" ] && command -v libvirtd >/dev/null && command -v virtlogd >/dev/null \
        && command -v qemu-system-x86_64 >/dev/null && command -v qemu-img >/dev/null; then
        return 0
    fi
    log "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    if apt-get install -y -qq --no-install-recommends $PKGS >"$STATE/apt.log" 2>&1; then
        return 0
    fi
    # A newer qemu-utils (e.g. from backports) breaks the distribution's qemu-system-common:
    # install the qemu-utils that matches the qemu-system-x86 candidate instead.
    ver=$(apt-cache policy qemu-system-x86 | sed -n 's/^ *Candidate: *//p')
    [ -n "$ver" ] && [ "$ver" != "(none)" ] || { cat "$STATE/apt.log" >&2; die "no qemu-system-x86 candidate"; }
    log "plain install failed; retrying with qemu-utils=$ver (may downgrade it)"
    apt-get install -y -qq --no-install-recommends --allow-downgrades \
        "qemu-utils=$ver" libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 \
        libvirt-clients >"$STATE/apt.log" 2>&1 || { cat "$STATE/apt.log" >&2; die "apt-get install failed"; }
}

# --- one-time setup (what libvirt-daemon-system would have done) ---------------------------

setup_system() {
    getent group kvm >/dev/null || groupadd -r kvm
    getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
    getent passwd libvirt-qemu >/dev/null || useradd -r -g kvm -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
    mkdir -p /etc/libvirt /var/log/libvirt /var/run/libvirt /var/lib/libvirt/qemu /var/lib/libvirt/images
    conf=/etc/libvirt/qemu.conf
    if ! grep -q '^# sysvirt-libvirtd.sh' "$conf" 2>/dev/null; then
        [ -f "$conf" ] && [ ! -f "$conf.sysvirt-orig" ] && cp "$conf" "$conf.sysvirt-orig"
        cat >"$conf" <<'EOF'
# sysvirt-libvirtd.sh: root without systemd, cgroups or a security driver
user = "root"
group = "root"
dynamic_ownership = 0
security_driver = "none"
cgroup_controllers = [ ]
EOF
    fi
    mkdir -p "$STATE/tcp-sock" "$STATE/empty-drivers"
    cat >"$STATE/libvirtd-tcp.conf" <<EOF
# Second libvirtd: test driver only, TCP on loopback, no authentication.
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$TCP_PORT"
auth_tcp = "none"
auth_unix_rw = "none"
auth_unix_ro = "none"
unix_sock_dir = "$STATE/tcp-sock"
log_outputs = "3:file:$STATE/libvirtd-tcp.log"
EOF
}

# --- processes -----------------------------------------------------------------------------

# alive NAME: the pid recorded in $STATE/NAME.pid is a live process of the expected program
alive() {
    f="$STATE/$1.pid"
    [ -s "$f" ] || return 1
    pid=$(cat "$f")
    case $pid in ''|*[!0-9]*) return 1 ;; esac
    [ -d "/proc/$pid" ] || return 1
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    case $1 in
        virtlogd) [ "$comm" = virtlogd ] ;;
        *) [ "$comm" = libvirtd ] ;;
    esac
}

# wait_for TEST...: poll up to 30 s
wait_for() {
    i=0
    while ! "$@"; do
        i=$((i + 1))
        [ $i -le 150 ] || return 1
        sleep 0.2
    done
}

tcp_listening() {
    # ss may be missing; /proc/net/tcp has 0100007F:PORT(hex) in state 0A (LISTEN)
    hex=$(printf '%04X' "$TCP_PORT")
    grep -q " 0100007F:$hex 00000000:0000 0A" /proc/net/tcp 2>/dev/null
}

start() {
    [ "$(id -u)" = 0 ] || die "must run as root"
    mkdir -p "$STATE"
    install_packages
    setup_system

    if alive virtlogd; then
        log "virtlogd already running (pid $(cat "$STATE/virtlogd.pid"))"
    else
        # default pid file (/run/virtlogd.pid, locked by the daemon) so that a virtlogd that
        # is not ours makes this fail instead of running twice; its pid is copied here
        virtlogd -d
        wait_for test -s /run/virtlogd.pid || die "virtlogd did not start"
        cp /run/virtlogd.pid "$STATE/virtlogd.pid"
        alive virtlogd || die "virtlogd did not start"
    fi

    if alive libvirtd; then
        log "libvirtd already running (pid $(cat "$STATE/libvirtd.pid"))"
    else
        # default pid file /run/libvirtd.pid: a system libvirtd that is not ours holds its
        # lock and makes this start fail rather than run two system daemons
        libvirtd -d || die "libvirtd failed (another one running? see /var/log/libvirt/libvirtd.log)"
        wait_for test -s /run/libvirtd.pid || die "libvirtd did not start"
        cp /run/libvirtd.pid "$STATE/libvirtd.pid"
        alive libvirtd || die "libvirtd did not start (see /var/log/libvirt/libvirtd.log)"
    fi
    wait_for test -S "$SOCK" || die "no socket $SOCK after 30 s"

    if alive libvirtd-tcp; then
        log "TCP libvirtd already running (pid $(cat "$STATE/libvirtd-tcp.pid"))"
    else
        # An empty driver directory: no stateful driver (QEMU, network, storage...) is
        # loaded, so this daemon does not fight the system daemon over their state; the test
        # driver is built into libvirt itself.
        LIBVIRT_DRIVER_DIR="$STATE/empty-drivers" \
            libvirtd -d --listen --config "$STATE/libvirtd-tcp.conf" -p "$STATE/libvirtd-tcp.pid"
        wait_for alive libvirtd-tcp || die "TCP libvirtd did not start (see $STATE/libvirtd-tcp.log)"
    fi
    wait_for tcp_listening || die "nothing listens on 127.0.0.1:$TCP_PORT after 30 s"
    log "running: virtlogd $(cat "$STATE/virtlogd.pid"), libvirtd $(cat "$STATE/libvirtd.pid"), TCP libvirtd $(cat "$STATE/libvirtd-tcp.pid")"
}

stop_one() {
    if alive "$1"; then
        pid=$(cat "$STATE/$1.pid")
        kill -TERM "$pid" 2>/dev/null || true
        i=0
        while [ -d "/proc/$pid" ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
        if [ -d "/proc/$pid" ]; then
            log "$1 (pid $pid) ignored SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        log "stopped $1 (pid $pid)"
    fi
    rm -f "$STATE/$1.pid"
}

stop() {
    [ -d "$STATE" ] || { log "nothing recorded in $STATE"; return 0; }
    stop_one libvirtd-tcp
    stop_one libvirtd
    stop_one virtlogd
}

status() {
    rc=0
    for d in virtlogd libvirtd libvirtd-tcp; do
        if alive "$d"; then echo "$d: running (pid $(cat "$STATE/$d.pid"))"; else echo "$d: stopped"; rc=1; fi
    done
    return $rc
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
