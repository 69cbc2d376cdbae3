#!/usr/bin/perl
# Networks and network ports on the real libvirtd (qemu:///system, started by
# tools/libvirtd.sh): what the test driver does not do. t/lib/network-port-script.pl makes
# a Linux bridge, a bridge-mode network over it, ports with and without bandwidth, and
# exercises create_port, get_port_by_uuid (raw and string), list_all_ports, NetworkPort's
# get_uuid/get_uuid_string/get_xml_description/get_parameters/set_parameters/delete, a
# deleted port's lookup, DHCP leases, the bridge name and autostart; then removes all of it.
#
# The script runs in a child with whichever Sys::Virt is first in @INC (under prove -b, the
# built one), and the main facts of its output are checked here. When the reference module
# (libsys-virt-perl) is installed, the script runs once more with it (PERL5LIB/PERLLIB/
# PERL5OPT unset, only the reference's directory with -I), and the two outputs must agree
# line by line. Each run gets its own network and bridge names; the outputs show them as
# NET and BR. Whatever a run leaves behind is removed here and counts as a failure.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Spec;

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(reference_skip_reason);
use Differential qw(quiet qemu_connect_or_skip run_tracked check_current_run facts check_facts
                    check_reference_run compare_lines);
my $SOCK = '/var/run/libvirt/libvirt-sock';
my $script = File::Spec->rel2abs(File::Spec->catfile(dirname(__FILE__), 'lib', 'network-port-script.pl'));

plan skip_all => 'needs root (the real libvirtd runs as root, and making a bridge needs it)' if $> != 0;
plan skip_all => "no libvirtd socket $SOCK (run tools/libvirtd.sh start)" unless -S $SOCK;
plan skip_all => "$script not found" unless -f $script;
my ($IP) = grep { -x } map { "$_/ip" } split(/:/, $ENV{PATH} // ''), '/usr/sbin', '/sbin';
plan skip_all => 'no ip command (iproute2) to make a bridge' unless $IP;

{
    my $probe = "svtprobe$$";
    plan skip_all => "cannot make a Linux bridge here (ip link add $probe type bridge failed)"
        unless quiet($IP, 'link', 'add', $probe, 'type', 'bridge');
    quiet($IP, 'link', 'del', $probe);
}
qemu_connect_or_skip();

# ---------------------------------------------------------------- leftovers
# Removes a network and a bridge by name, without relying on the module under test (it may
# lack networks): virsh when there, else Sys::Virt. Returns what had to be removed.
sub remove_leftovers {
    my ($net, $br) = @_;
    my @left;
    my ($virsh) = grep { -x } map { "$_/virsh" } split(/:/, $ENV{PATH} // ''), '/usr/bin';
    if ($virsh) {
        if (quiet($virsh, '-q', '-c', 'qemu:///system', 'net-info', $net)) {
            push @left, "network $net";
            quiet($virsh, '-q', '-c', 'qemu:///system', 'net-destroy', $net);
            quiet($virsh, '-q', '-c', 'qemu:///system', 'net-undefine', $net);
        }
    } elsif (defined &Sys::Virt::Network::get_name) {
        my $n = eval { Sys::Virt->new(uri => 'qemu:///system')->get_network_by_name($net) };
        if ($n) {
            push @left, "network $net";
            eval { $n->destroy }; eval { $n->undefine };
        }
    }
    if (quiet($IP, 'link', 'show', $br)) {
        push @left, "bridge $br";
        quiet($IP, 'link', 'del', $br);
    }
    return @left;
}

# ---------------------------------------------------------------- one run of the script
# Each run gets its own names; returns what run_perl returns.
sub run_script {
    my ($which, $tag) = @_;
    return run_tracked($which, $script, \&remove_leftovers, "sysvirt-net$tag-$$", "svtbr$tag$$");
}

my ($pm, $out, $err, $status) = run_script('current', 'c');
check_current_run($pm, $out, $err, $status);

# The main facts, checked whatever the module.
my $P1 = 'aaaaaaaa-bbbb-cccc-dddd-000000000001';
my $P2 = 'aaaaaaaa-bbbb-cccc-dddd-000000000002';
my $P1OBJ = "Sys::Virt::NetworkPort/SCALAR($P1)";
my @expect = (
    ['define'                         => '1 [Sys::Virt::Network/SCALAR(NET)]', 'define_network'],
    ['create'                         => '0 []', 'the bridge-mode network starts'],
    ['is_active'                      => '1 [1]', 'is_active'],
    ['bridge'                         => '1 [BR]', 'get_bridge_name is our bridge'],
    ['get_autostart after 1'          => '1 [1]', 'set_autostart(1)'],
    ['get_autostart after 0'          => '1 [0]', 'set_autostart(0)'],
    ['get_dhcp_leases'                => '0 []', 'get_dhcp_leases: none (no DHCP on a bridge network)'],
    ['get_dhcp_leases scalar'         => 'scalar undef', 'get_dhcp_leases in scalar context'],
    ['list_all_ports empty'           => '0 []', 'no ports at first'],
    ['create_port p1 (bandwidth)'     => "1 [$P1OBJ]", 'create_port with bandwidth'],
    ['create_port p2 validate'        => "1 [Sys::Virt::NetworkPort/SCALAR($P2)]", 'create_port with CREATE_VALIDATE'],
    ['create_port no uuid'            => qr/\ADIE ERR .* message=internal error: network port has no uuid\z/, 'a port XML needs its own uuid'],
    ['create_port dup'                => qr/\ADIE ERR ref=Sys::Virt::Error code=106 /, 'a duplicate port: error 106 (ERR_NETWORK_PORT_EXIST)'],
    ['p1 get_uuid hex'                => '1 [aaaaaaaabbbbccccdddd000000000001]', 'NetworkPort get_uuid (raw)'],
    ['p1 get_uuid_string'             => "1 [$P1]", 'NetworkPort get_uuid_string'],
    ['p1 xml'                         => qr{<uuid>\Q$P1\E</uuid>.*<mac address='52:54:00:65:00:01'/>.*<inbound average='1000' peak='2000' burst='1024'/>.*<plug type='bridge' bridge='BR'/>}, 'NetworkPort get_xml_description'],
    ['list_all_ports'                 => "2 [$P1 | $P2]", 'list_all_ports lists both'],
    ['list_all_ports classes'         => '2 [Sys::Virt::NetworkPort | Sys::Virt::NetworkPort]', 'list_all_ports gives port objects'],
    ['get_port_by_uuid string'        => "1 [$P1OBJ]", 'get_port_by_uuid (36 characters)'],
    ['get_port_by_uuid raw'           => "1 [$P1OBJ]", 'get_port_by_uuid (16 raw bytes)'],
    ['get_port_by_uuid 32'            => "1 [Sys::Virt::NetworkPort/SCALAR($P2)]", 'get_port_by_uuid (32 hex)'],
    ['get_port_by_uuid missing'       => qr/\ADIE ERR ref=Sys::Virt::Error code=107 /, 'an unknown port: error 107'],
    ['p1 get_parameters'              => '1 [HASH/HASH{inbound.average=1000,inbound.burst=1024,inbound.floor=0,inbound.peak=2000,outbound.average=500,outbound.burst=0,outbound.peak=0}]', 'get_parameters: the bandwidth of the XML'],
    ['p1 set in average+peak'         => '0 []', 'set_parameters with BANDWIDTH_IN_AVERAGE and BANDWIDTH_IN_PEAK'],
    ['p1 after set'                   => '1 [HASH/HASH{inbound.average=3000,inbound.burst=0,inbound.floor=0,inbound.peak=4000}]', 'get_parameters after set_parameters'],
    ['p1 bandwidth xml'               => "1 [<bandwidth>\\n    <inbound average='3000' peak='4000'/>\\n  </bandwidth>]", 'the XML shows the new bandwidth'],
    ['p1 set not a hash'              => qr/\ADIE Sys::Virt::NetworkPort::set_parameters: newparams is not a HASH reference at SCRIPT line \d+\.\\n\z/, 'set_parameters wants a hash'],
    ['p2 delete'                      => '0 []', 'NetworkPort delete'],
    ['p2 delete again'                => qr/\ADIE ERR ref=Sys::Virt::Error code=107 domain=19 message=network port not found: /, 'deleting it again: error 107'],
    ['p2 uuid after delete'           => "1 [$P2]", 'a deleted port still knows its uuid'],
    ['p2 lookup after delete'         => qr/\ADIE ERR ref=Sys::Virt::Error code=107 /, 'looking up a deleted port: error 107'],
    ['p2 lookup error is ERR_NO_NETWORK_PORT' => '1', '... which is Sys::Virt::Error::ERR_NO_NETWORK_PORT'],
    ['list after p2 delete'           => "1 [$P1]", 'list_all_ports after the delete'],
    ['outlived uuid'                  => "1 [$P1]", 'a port outlives its network and connection objects'],
    ['uuid after DESTROY'             => qr/\ADIE ERR ref=Sys::Virt::Error code=105 /, 'a port after DESTROY: invalid pointer (105)'],
    ['destroy network with a port'    => '0 []', 'the network stops with a port on it'],
    ['ports after restart'            => '0 []', '... and has dropped it when restarted'],
    ['undefine while active'          => '0 []', 'undefine while active'],
    ['is_persistent after undefine'   => '1 [0]', '... leaves it transient'],
    ['lookup after destroy'           => qr/\ADIE ERR ref=Sys::Virt::Error code=43 /, 'gone after destroy: error 43'],
);
check_facts(facts($out), \@expect);

# ---------------------------------------------------------------- against the reference
SKIP: {
    my $no_ref = reference_skip_reason('Sys/Virt/NetworkPort.pm');
    skip "$no_ref: no comparison", 1 if defined $no_ref;
    my ($ref_pm, $ref_out, $ref_err, $ref_status) = run_script('reference', 'r');
    check_reference_run($ref_pm, $ref_out, $ref_err, $ref_status);
    compare_lines($ref_out, $out, max => 40, summary => sub { "$_[0] lines identical to the reference's" },
                  count => 'same number of lines as the reference');
}

done_testing();
