#!/usr/bin/perl
# One build for every libvirt from 9.0 on: the methods whose libvirt function is newer than
# 9.0 call it through a pointer looked up when the module loaded. With a libvirt older
# than the function, the call dies with a Sys::Virt::Error: code ERR_NO_SUPPORT, domain 0,
# a message naming the function and the release that added it. With a newer libvirt the
# call reaches libvirt (on the test driver most of them then fail with libvirt's own
# error, which is not ours). Either way nothing crashes, and the module loaded with
# PERL_DL_NONLAZY=1 (set by make test) proves no symbol newer than 9.0 is linked.
use strict;
use warnings;
use Test::More;
use Sys::Virt;

# test:///default's state is this process's own.
my $conn = Sys::Virt->new(uri => 'test:///default');
my $lib = $conn->get_library_version;    # major * 1_000_000 + minor * 1000 + micro
my $libtext = join '.', int($lib / 1_000_000), int($lib / 1000) % 1000, $lib % 1000;
note("loaded libvirt $libtext");
my $dom = $conn->get_domain_by_name('test');
my $net = $conn->get_network_by_name('default');

# [method call, libvirt function, release that added it]
my @calls = (
    [sub { $net->get_metadata(Sys::Virt::Network::METADATA_TITLE) }, 'virNetworkGetMetadata', '9.7.0'],
    [sub { $net->set_metadata(Sys::Virt::Network::METADATA_TITLE, 'x') }, 'virNetworkSetMetadata', '9.7.0'],
    [sub { $dom->graphics_reload(Sys::Virt::Domain::GRAPHICS_RELOAD_TYPE_ANY) }, 'virDomainGraphicsReload', '10.2.0'],
    [sub { $dom->get_autostart_once }, 'virDomainGetAutostartOnce', '11.2.0'],
    [sub { $dom->set_autostart_once(0) }, 'virDomainSetAutostartOnce', '11.2.0'],
    [sub { $dom->set_throttle_group('g', { total_bytes_sec => 1000 }) }, 'virDomainSetThrottleGroup', '11.2.0'],
    [sub { $dom->del_throttle_group('g') }, 'virDomainDelThrottleGroup', '11.2.0'],
    [sub { $dom->announce_interface('', {}) }, 'virDomainAnnounceInterface', '12.5.0'],
);
{
    my ($dev) = $conn->list_all_node_devices;
    push @calls, [sub { $dev->update('<device/>') }, 'virNodeDeviceUpdate', '10.1.0'] if $dev;
}

sub version_number { my ($a, $b, $c) = split /\./, shift; $a * 1_000_000 + $b * 1000 + $c }

my $old = 0;
for my $c (@calls) {
    my ($code, $func, $since) = @$c;
    my $ok = eval { $code->(); 1 };
    my $e = $@;
    if ($lib < version_number($since)) {
        $old++;
        ok(!$ok, "$func: dies with libvirt $libtext");
        isa_ok($e, 'Sys::Virt::Error', "$func: the error") or next;
        is($e->code, Sys::Virt::Error::ERR_NO_SUPPORT, "$func: code ERR_NO_SUPPORT");
        is($e->domain, 0, "$func: domain 0");
        is($e->level, Sys::Virt::Error::LEVEL_ERROR, "$func: level LEVEL_ERROR");
        is($e->message,
           "this function is not supported by the loaded libvirt $libtext: $func was added in libvirt $since",
           "$func: the message names the function and the release");
    } else {
        ok($ok || (ref($e) && $e->isa('Sys::Virt::Error')), "$func: reaches libvirt $libtext")
            or diag("died with $e");
        unlike($ok ? '' : $e->message, qr/not supported by the loaded libvirt/,
               "$func: libvirt's own answer, not the missing-function error");
    }
}
note("$old of " . scalar(@calls) . ' functions are newer than the loaded libvirt');

# The missing-function record is taken by the error it makes: a later failure of an
# ordinary call reports libvirt's own error.
eval { $dom->get_metadata(Sys::Virt::Domain::METADATA_TITLE) };
isa_ok($@, 'Sys::Virt::Error', 'an ordinary failure afterwards');
unlike($@->message, qr/loaded libvirt/, 'is reported as libvirt reported it');

done_testing();
