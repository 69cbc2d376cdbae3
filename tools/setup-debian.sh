#!/bin/sh
# Installs what building and testing Sys::Virt needs on Debian 12 (run as root, or with
# sudo available). Safe to run again: apt-get runs only when a package is missing.
#   libvirt-dev, pkg-config     build against libvirt
#   libxml2-dev                 link libxml2, whose type tables the module builds at load
#   libvirt0                    libvirt itself, with the in-process test:///default driver
#   libsys-virt-perl            the XS reference, only for the differential tests
#   perl, make, gcc             the CPAN build (gcc compiles the binding crate's C shim)
#   libcrypt-dev                crypt.h, which perl's headers include (Debian 13 and later
#                               no longer pull it in with libc6-dev)
#   libtest-pod-perl            the POD syntax test (t/02-pod.t)
#   libtest-pod-coverage-perl   the POD coverage test (t/04-pod-coverage.t)
#   libcpan-changes-perl        the Changes test (t/06-changes.t): Debian 12 ships
#                               Test::CPAN::Changes in this package
#   cpanminus                   tools/distcheck.sh installs the tarball with cpanm
#   libfuture-perl, libfuture-asyncawait-perl, libio-async-perl, libanyevent-perl,
#   libmojolicious-perl         Sys::Virt::Async's Futures and the loops its adapters and
#                               tests (t/8x) use
#   sasl2-bin, libsasl2-modules saslpasswd2 and the DIGEST-MD5 mechanism, for the SASL
#                               credential-callback test of t/68-qemu-events.t (its own
#                               libvirtd with auth_tcp = "sasl")
set -e
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
PACKAGES="libvirt-dev libxml2-dev libvirt0 pkg-config libsys-virt-perl perl make gcc libcrypt-dev
          libtest-pod-perl libtest-pod-coverage-perl libcpan-changes-perl cpanminus
          sasl2-bin libsasl2-modules libfuture-perl libfuture-asyncawait-perl
          libio-async-perl libanyevent-perl libmojolicious-perl"
# shellcheck disable=SC2086
if ! dpkg -s $PACKAGES >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
fi
command -v cargo >/dev/null 2>&1 || {
    echo "setup-debian.sh: cargo not found; install a Rust toolchain (rustup)" >&2
    exit 1
}
