#!/bin/sh
# Installs what building and testing Sys::Virt needs on Debian 12 (run as root, or with
# sudo available). Safe to run again: apt-get skips what is already installed.
#   libvirt-dev, pkg-config   build against libvirt
#   libxml2-dev               link libxml2, whose type tables the module builds at load
#   libvirt0                  libvirt itself, with the in-process test:///default driver
#   libsys-virt-perl          the XS reference, only for the differential tests
#   perl, make, gcc           the CPAN build (gcc compiles the binding crate's C shim)
#   libtest-pod-perl          the POD syntax test
set -e
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
if ! dpkg -s libvirt-dev libxml2-dev pkg-config libsys-virt-perl libtest-pod-perl make gcc >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends \
        libvirt-dev libxml2-dev libvirt0 pkg-config libsys-virt-perl libtest-pod-perl perl make gcc >/dev/null
fi
command -v cargo >/dev/null 2>&1 || {
    echo "setup-debian.sh: cargo not found; install a Rust toolchain (rustup)" >&2
    exit 1
}
