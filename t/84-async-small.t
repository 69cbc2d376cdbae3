#!/usr/bin/perl
# The async forms of the irregular methods of Sys::Virt::Network, NetworkPort, Stream,
# NodeDevice and Secret, of get_metadata/set_metadata (Domain and Network) and of
# qemu_monitor_command_with_files: each gives what the blocking form gives, or fails with
# an equal Sys::Virt::Error (code and message).
#  - On test:///default: domain metadata, node device parents and capabilities, stream
#    transfers (a screenshot read whole with recv, blocking and async), and the errors of
#    what the test driver lacks (DHCP leases, network metadata on an older libvirt, dettach,
#    send, recv_hole, the QEMU monitor).
#  - Stream::recv's async form completes with the count and the bytes, and leaves the
#    caller's buffer argument alone (see Sys::Virt::Async, "METHODS WITHOUT AN ASYNC FORM").
#  - On the real libvirtd (qemu:///system, started by tools/libvirtd.sh), when this runs as
#    root: a secret's value (NUL bytes included) set and read in both forms, its usage type;
#    a bridge-mode network's port parameters read and changed in both forms, and its DHCP
#    leases. Everything made here is removed at the end.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use AsyncSame;
use Sys::Virt;

BEGIN {
    eval { require Future; 1 } or plan skip_all => 'Future (libfuture-perl) is not installed';
}
require Sys::Virt::Async;


my $conn = Sys::Virt->new(uri => 'test:///default');
my $dom = $conn->get_domain_by_name('test');
my $net = $conn->get_network_by_name('default');

# ---- metadata ----
{
    my $uri = 'http://example.org/sysvirt-t84';
    same('Domain::set_metadata', $dom, 'set_metadata',
         [Sys::Virt::Domain::METADATA_ELEMENT, '<x a="1"/>', 'p', $uri]);
    my ($got) = same('Domain::get_metadata', $dom, 'get_metadata',
                     [Sys::Virt::Domain::METADATA_ELEMENT, $uri]);
    like($got // '', qr/<x a="1"\/>/, 'Domain::get_metadata: the element set through the async form');
    ok($dom->async->set_metadata(Sys::Virt::Domain::METADATA_DESCRIPTION, "desc\nline")->get || 1,
       'Domain::set_metadata (async): the description');
    is($dom->get_metadata(Sys::Virt::Domain::METADATA_DESCRIPTION), "desc\nline", '... which the blocking form reads');
    same('Domain::get_metadata description', $dom, 'get_metadata', [Sys::Virt::Domain::METADATA_DESCRIPTION]);
    same('Domain::get_metadata absent', $dom, 'get_metadata', [Sys::Virt::Domain::METADATA_TITLE, undef, 0]);
    same('Domain::get_metadata bad type', $dom, 'get_metadata', [99]);
    same('Domain::set_metadata bad flags', $dom, 'set_metadata',
         [Sys::Virt::Domain::METADATA_DESCRIPTION, 'x', undef, undef, 1 << 12]);
    # Network metadata: libvirt 9.7 and newer; an error object before.
    same('Network::set_metadata', $net, 'set_metadata', [Sys::Virt::Network::METADATA_DESCRIPTION, 'netdesc']);
    same('Network::get_metadata', $net, 'get_metadata', [Sys::Virt::Network::METADATA_DESCRIPTION]);
    eval { $dom->async->get_metadata };
    like($@, qr/\AUsage: (?:Sys::Virt::Async::XS::)?Sys::Virt::Domain::get_metadata\(dom, type, uri=&PL_sv_undef, flags=0\)/,
         'Domain::get_metadata (async): the usage message');
    eval { $net->async->set_metadata };
    like($@, qr/\AUsage: (?:Sys::Virt::Async::XS::)?Sys::Virt::Network::set_metadata\(net, type, metadata=&PL_sv_undef, key=&PL_sv_undef, uri=&PL_sv_undef, flags=0\)/,
         'Network::set_metadata (async): the usage message');
}

# ---- networks ----
same('Network::get_dhcp_leases', $net, 'get_dhcp_leases', []);
same('Network::get_dhcp_leases mac', $net, 'get_dhcp_leases', ['52:54:00:00:00:01', 0]);

# ---- node devices ----
for my $dev ($conn->list_all_node_devices) {
    my $name = $dev->get_name;
    same("NodeDevice::get_parent ($name)", $dev, 'get_parent', []);
    same("NodeDevice::list_capabilities ($name)", $dev, 'list_capabilities', []);
    # The test driver has no host devices to detach (only here: a real one would go).
    same("NodeDevice::dettach ($name)", $dev, 'dettach', [undef]);
    same("NodeDevice::dettach ($name, driver)", $dev, 'dettach', ['vfio', 0]);
}

# ---- streams ----
{
    # Two screenshots of the same domain, read whole: one with the blocking recv, one with
    # the async one.
    my $read_all = sub {
        my ($async) = @_;
        my $st = $conn->new_stream;
        $dom->screenshot($st, 0);
        my ($all, $calls) = ('', 0);
        while (1) {
            my $buf = 'untouched';
            my $n;
            if ($async) {
                my @v = $st->async->recv($buf, 1000)->get;
                is(scalar(@v), 2, 'Stream::recv (async): the count and the bytes') unless $calls;
                is($buf, 'untouched', "Stream::recv (async): the caller's buffer is left alone") unless $calls;
                $n = $v[0];
                is(length($v[1]), $n > 0 ? $n : 0, 'Stream::recv (async): as many bytes as counted')
                    unless $calls;
                $all .= $v[1];
            } else {
                $n = $st->recv($buf, 1000);
                $all .= $buf if $n > 0;
            }
            $calls++;
            last if $n <= 0 || $calls > 10000;
        }
        $st->finish;
        return $all;
    };
    my $blocking = $read_all->(0);
    my $async = $read_all->(1);
    cmp_ok(length($blocking), '>', 0, 'Stream::recv: a screenshot was read');
    ok($blocking eq $async, 'Stream::recv: the async form reads the same bytes')
        or diag(length($blocking) . ' vs ' . length($async) . ' bytes');

    my $st = $conn->new_stream;
    $dom->screenshot($st, 0);
    same('Stream::recv_hole (not sparse)', $st, 'recv_hole', []);
    same('Stream::recv_hole flags', $st, 'recv_hole', [0]);
    same('Stream::send (a download stream)', $st, 'send', ["abc\0def", 7]);
    $st->abort;
    my $idle = $conn->new_stream;
    same('Stream::send (no transfer)', $idle, 'send', ['abc', 3]);
    same('Stream::send undef', $idle, 'send', [undef, 3]);
    same('Stream::recv (no transfer)', $idle, 'recv', [my $b1, 10]);
    same('Stream::recv flags (no transfer)', $idle, 'recv', [my $b2, 10, 0]);
    same('Stream::recv_hole (no transfer)', $idle, 'recv_hole', [0]);
}

# ---- QEMU monitor ----
same('Domain::qemu_monitor_command_with_files', $dom, 'qemu_monitor_command_with_files',
     ['{"execute":"query-status"}', [], 0]);
{
    my @fds = (\*STDIN, fileno(STDOUT));
    same('Domain::qemu_monitor_command_with_files (descriptors)', $dom, 'qemu_monitor_command_with_files',
         ['{"execute":"query-status"}', \@fds]);
    eval { $dom->async->qemu_monitor_command_with_files('x', 'not an array') };
    like($@, qr/fdssv is not an ARRAY reference/, 'qemu_monitor_command_with_files (async): a non-array dies at the call');
}

# ---- the real libvirtd ----
SKIP: {
    my $SOCK = '/var/run/libvirt/libvirt-sock';
    skip 'needs root (the real libvirtd runs as root)', 1 if $> != 0;
    skip "no libvirtd socket $SOCK (run tools/libvirtd.sh start)", 1 unless -S $SOCK;
    my $q = eval { Sys::Virt->new(uri => 'qemu:///system') };
    skip 'qemu:///system: ' . (ref $@ ? $@->message : $@), 1 unless $q;

    # Secrets.
    my $vol = "/var/lib/sysvirt-t84-$$.img";
    my $sec = eval {
        $q->define_secret("<secret ephemeral='no' private='no'><usage type='volume'>"
                          . "<volume>$vol</volume></usage></secret>")
    };
    if ($sec) {
        my $value = "key\0with NULs\0\xff\x00end";
        same('Secret::get_usage_type', $sec, 'get_usage_type', []);
        same('Secret::get_value (no value yet)', $sec, 'get_value', []);
        my @r = $sec->async->set_value($value)->get;
        is_deeply(\@r, [], 'Secret::set_value (async): nothing returned');
        is($sec->get_value, $value, 'Secret::set_value (async): the value, NULs included');
        my ($got) = same('Secret::get_value', $sec, 'get_value', []);
        is($got, $value, 'Secret::get_value (async): the value');
        same('Secret::get_value flags', $sec, 'get_value', [0]);
        $sec->async->set_value("other", 0)->get;
        is($sec->get_value, 'other', 'Secret::set_value (async) with flags');
        same('Secret::set_value empty', $sec, 'set_value', ['']);
        same('Secret::set_value bad flags', $sec, 'set_value', ['x', 1 << 10]);
        eval { $sec->undefine };
    } else {
        note('no secret driver: ' . (ref $@ ? $@->message : $@));
    }

    # Network ports, on a bridge-mode network over a bridge made here.
    my $br = "sv84br$$";
    $br = substr($br, 0, 15);
    my $name = "sysvirt-t84-$$";
    my ($pnet, @ports, $bridge);
    my $cleanup = sub {
        for my $p (@ports) { eval { $p->delete } }
        @ports = ();
        if ($pnet) {
            eval { $pnet->destroy } if eval { $pnet->is_active };
            eval { $pnet->undefine } if eval { $pnet->is_persistent };
            undef $pnet;
        }
        system('ip', 'link', 'del', $br) if $bridge;
        $bridge = 0;
    };
    local $SIG{INT} = local $SIG{TERM} = sub { $cleanup->(); exit 1 };
    if (system("ip link add $br type bridge 2>/dev/null") == 0) {
        $bridge = 1;
        system('ip', 'link', 'set', $br, 'up');
        $pnet = eval {
            my $n = $q->define_network("<network><name>$name</name><forward mode='bridge'/>"
                                       . "<bridge name='$br'/></network>");
            $n->create;
            $n;
        };
    }
    if ($pnet) {
        same('Network::get_dhcp_leases (qemu)', $pnet, 'get_dhcp_leases', []);
        same('Network::get_dhcp_leases mac (qemu)', $pnet, 'get_dhcp_leases', ['52:54:00:84:00:01']);
        same('Network::get_dhcp_leases bad flags (qemu)', $pnet, 'get_dhcp_leases', [undef, 1 << 10]);
        my $port = eval {
            $pnet->create_port("<networkport><uuid>aaaaaaaa-0000-0000-0084-000000000001</uuid>"
                . "<owner><name>t84</name><uuid>aaaaaaaa-0000-0000-0084-0000000000ff</uuid></owner>"
                . "<mac address='52:54:00:84:00:01'/>"
                . "<bandwidth><inbound average='1000' peak='2000' burst='1024'/>"
                . "<outbound average='500'/></bandwidth></networkport>")
        };
        if ($port) {
            push @ports, $port;
            my ($h) = same('NetworkPort::get_parameters', $port, 'get_parameters', []);
            same('NetworkPort::get_parameters flags', $port, 'get_parameters', [0]);
            same('NetworkPort::get_parameters bad flags', $port, 'get_parameters', [1 << 10]);
            my @r = $port->async->set_parameters({ Sys::Virt::NetworkPort::BANDWIDTH_IN_AVERAGE() => 1500 })->get;
            is_deeply(\@r, [], 'NetworkPort::set_parameters (async): nothing returned');
            is($port->get_parameters->{Sys::Virt::NetworkPort::BANDWIDTH_IN_AVERAGE()}, 1500,
               'NetworkPort::set_parameters (async): the new value');
            same('NetworkPort::set_parameters', $port, 'set_parameters',
                 [{ Sys::Virt::NetworkPort::BANDWIDTH_IN_PEAK() => 2500 }]);
            same('NetworkPort::set_parameters bad flags', $port, 'set_parameters',
                 [{ Sys::Virt::NetworkPort::BANDWIDTH_IN_PEAK() => 2500 }, 1 << 10]);
            eval { $port->async->set_parameters('not a hash') };
            like($@, qr/newparams is not a HASH reference/, 'NetworkPort::set_parameters (async): a non-hash dies at the call');
        } else {
            note('no network port: ' . (ref $@ ? $@->message : $@));
        }
    } else {
        note("no bridge-mode network over $br: " . (ref $@ ? $@->message : $@ || 'ip link failed'));
    }
    $cleanup->();
}

done_testing();
