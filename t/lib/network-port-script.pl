#!/usr/bin/perl
# Network ports (and what else the test driver lacks) on the real libvirtd started by
# tools/libvirtd.sh: makes a Linux bridge, defines and starts a bridge-mode network over it,
# and exercises create_port, get_port_by_uuid, list_all_ports, Sys::Virt::NetworkPort's
# methods (bandwidth parameters included), DHCP leases, the bridge name and autostart.
#
#   perl t/lib/network-port-script.pl NETWORK BRIDGE
#
# t/65-qemu-network.t runs it with whichever Sys::Virt is in @INC and, when the reference
# is installed, once more with the reference, and compares the outputs line by line; so
# it prints only what must be the same for both: one "LABEL: VALUE" line per observation,
# the network's and bridge's names shown as NET and BR, its UUID as NETUUID, and " at FILE
# line N." cut as in t/lib/network-script.pl. Everything it made (ports, network, bridge)
# is removed at the end, also when it dies half-way or is interrupted.

use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use Scalar::Util qw(reftype);
use Sys::Virt;
use Probe;

print STDERR "Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
$| = 1;

my ($NET, $BR) = @ARGV;
die "usage: $0 NETWORK BRIDGE\n" unless defined $BR && $NET =~ /\A[\w-]+\z/ && $BR =~ /\A[\w-]{1,15}\z/;
my $NETUUID = '';

Probe::configure(
    script  => __FILE__,
    # the names made for this run, and the network's UUID once known
    rewrite => sub {
        $_[0] =~ s/\b\Q$NETUUID\E\b/NETUUID/g if $NETUUID;
        $_[0] =~ s/\b\Q$NET\E\b/NET/g;
        $_[0] =~ s/\b\Q$BR\E\b/BR/g;
    },
    named      => ['Sys::Virt::NetworkPort' => 'get_uuid_string', 'Sys::Virt::Network' => 'get_name'],
    error      => 'plain',
    containers => ['HASH'],
);

# ---------------------------------------------------------------- set-up and clean-up
my ($conn, $net, @ports, $bridge_made);

sub sh { system(@_) == 0 }

sub cleanup {
    # ports first (a network with ports cannot be destroyed), then the network, the bridge
    for my $p (@ports) { eval { $p->delete } }
    @ports = ();
    if ($conn) {
        my $n = eval { $conn->get_network_by_name($NET) };
        if ($n) {
            eval { $_->delete for $n->list_all_ports };
            eval { $n->destroy } if eval { $n->is_active };
            eval { $n->undefine } if eval { $n->is_persistent };
        }
    }
    undef $net;
    if ($bridge_made) {
        open my $save, '>&', \*STDERR;
        open STDERR, '>', '/dev/null';
        sh('ip', 'link', 'del', $BR);
        open STDERR, '>&', $save;
        $bridge_made = 0;
    }
}
END { my $st = $?; cleanup(); $? = $st }
$SIG{INT} = $SIG{TERM} = sub { cleanup(); exit 1 };

die "this Sys::Virt ($INC{'Sys/Virt.pm'}) has no Sys::Virt::NetworkPort\n"
    unless defined &Sys::Virt::Network::create_port && defined &Sys::Virt::NetworkPort::get_parameters;
$conn = Sys::Virt->new(uri => 'qemu:///system');
sh('ip', 'link', 'add', $BR, 'type', 'bridge') or die "ip link add $BR type bridge failed\n";
$bridge_made = 1;
sh('ip', 'link', 'set', $BR, 'up') or die "ip link set $BR up failed\n";

my $netxml = "<network><name>$NET</name><forward mode='bridge'/><bridge name='$BR'/></network>";

# ---------------------------------------------------------------- the network
($net) = L('define', sub { $conn->define_network($netxml) });
die "cannot go on without the network\n" unless $net;
$NETUUID = $net->get_uuid_string;
L('uuid matches', sub { (unpack('H*', $net->get_uuid) eq join('', split /-/, $NETUUID)) ? 1 : 0 });
L('bridge before start', sub { $net->get_bridge_name });
L('is_active before start', sub { $net->is_active });
L('ports before start', sub { $net->list_all_ports });
L('create_port before start', sub { $net->create_port(portxml('aaaaaaaa-0000-0000-0000-000000000001', '52:54:00:65:00:01')) });
L('create', sub { $net->create });
L('is_active', sub { $net->is_active });
L('is_persistent', sub { $net->is_persistent });
L('bridge', sub { $net->get_bridge_name });
L('xml', sub { $net->get_xml_description });
L('xml inactive', sub { $net->get_xml_description(Sys::Virt::Network::XML_INACTIVE()) });
L('xml bad flags', sub { $net->get_xml_description(1 << 10) });
L('listed active', sub { scalar grep { $_->get_name eq $NET } $conn->list_all_networks(Sys::Virt::Network::LIST_ACTIVE()) });
L('listed by name', sub { scalar grep { $_ eq $NET } $conn->list_network_names($conn->num_of_networks) });

# ---------------------------------------------------------------- autostart
L('get_autostart', sub { $net->get_autostart });
L('set_autostart 1', sub { $net->set_autostart(1) });
L('get_autostart after 1', sub { $net->get_autostart });
L('listed autostart', sub { scalar grep { $_->get_name eq $NET } $conn->list_all_networks(Sys::Virt::Network::LIST_AUTOSTART()) });
L('set_autostart 0', sub { $net->set_autostart(0) });
L('get_autostart after 0', sub { $net->get_autostart });
L('listed no autostart', sub { scalar grep { $_->get_name eq $NET } $conn->list_all_networks(Sys::Virt::Network::LIST_NO_AUTOSTART()) });

# ---------------------------------------------------------------- DHCP leases (no DHCP here: none)
L('get_dhcp_leases', sub { $net->get_dhcp_leases });
S('get_dhcp_leases scalar', sub { $net->get_dhcp_leases });
L('get_dhcp_leases mac', sub { $net->get_dhcp_leases('52:54:00:65:00:01') });
L('get_dhcp_leases undef 0', sub { $net->get_dhcp_leases(undef, 0) });
L('get_dhcp_leases bad flags', sub { $net->get_dhcp_leases(undef, 1 << 10) });
L('get_dhcp_leases bad mac', sub { $net->get_dhcp_leases('nonsense') });
L('get_dhcp_leases usage', sub { $net->get_dhcp_leases(undef, 0, 0) });

# ---------------------------------------------------------------- ports
sub portxml {
    my ($uuid, $mac, $extra) = @_;
    return "<networkport>" . ($uuid ? "<uuid>$uuid</uuid>" : '')
        . "<owner><name>sysvirt-guest</name><uuid>11111111-2222-3333-4444-555555555555</uuid></owner>"
        . "<mac address='$mac'/>" . ($extra // '') . "</networkport>";
}
my $P1 = 'aaaaaaaa-bbbb-cccc-dddd-000000000001';
my $P2 = 'aaaaaaaa-bbbb-cccc-dddd-000000000002';
my $bw = "<bandwidth><inbound average='1000' peak='2000' burst='1024'/><outbound average='500'/></bandwidth>";

L('list_all_ports empty', sub { $net->list_all_ports });
S('list_all_ports empty scalar', sub { $net->list_all_ports });
my ($p1) = L('create_port p1 (bandwidth)', sub { $net->create_port(portxml($P1, '52:54:00:65:00:01', $bw)) });
push @ports, $p1 if $p1;
my ($p2) = L('create_port p2 validate', sub { $net->create_port(portxml($P2, '52:54:00:65:00:02'), Sys::Virt::NetworkPort::CREATE_VALIDATE()) });
push @ports, $p2 if $p2;
L('create_port dup', sub { $net->create_port(portxml($P1, '52:54:00:65:00:01')) });
L('create_port no uuid', sub { $net->create_port(portxml('', '52:54:00:65:00:03')) });
L('create_port plug without reclaim', sub { $net->create_port(portxml('aaaaaaaa-bbbb-cccc-dddd-000000000004', '52:54:00:65:00:04', "<plug type='bridge' bridge='$BR'/>")) });
L('create_port no owner', sub { $net->create_port("<networkport><uuid>aaaaaaaa-bbbb-cccc-dddd-000000000005</uuid><mac address='52:54:00:65:00:05'/></networkport>") });
L('create_port malformed', sub { $net->create_port('<networkport>') });
L('create_port wrong root', sub { $net->create_port('<port/>') });
L('create_port bad flags', sub { $net->create_port(portxml('aaaaaaaa-bbbb-cccc-dddd-000000000006', '52:54:00:65:00:06'), 1 << 10) });
L('create_port validate bogus', sub { $net->create_port(portxml('aaaaaaaa-bbbb-cccc-dddd-000000000007', '52:54:00:65:00:07', '<bogus/>'), Sys::Virt::NetworkPort::CREATE_VALIDATE()) });
L('create_port undef', sub { $net->create_port(undef) });

die "cannot go on without the ports\n" unless $p1 && $p2;
L('p1 ref', sub { (ref($p1), reftype($p1)) });
L('p1 get_uuid hex', sub { unpack 'H*', $p1->get_uuid });
L('p1 get_uuid length', sub { length $p1->get_uuid });
L('p1 get_uuid_string', sub { $p1->get_uuid_string });
S('p1 get_uuid_string scalar', sub { $p1->get_uuid_string });
L('p1 xml', sub { $p1->get_xml_description });
L('p1 xml flags 0', sub { $p1->get_xml_description(0) });
L('p1 xml flags 1', sub { $p1->get_xml_description(1) });
L('p2 xml', sub { $p2->get_xml_description });
for my $m (qw(get_uuid get_uuid_string)) {
    L("p1 $m usage", sub { $p1->$m(1) });
}
L('p1 xml usage', sub { $p1->get_xml_description(0, 0) });
L('p1 delete usage', sub { $p1->delete(0, 0) });
L('p1 get_parameters usage', sub { $p1->get_parameters(0, 0) });
L('p1 set_parameters usage', sub { $p1->set_parameters() });

# lists and lookups
L('list_all_ports', sub { sort map { $_->get_uuid_string } $net->list_all_ports });
L('list_all_ports classes', sub { sort map { ref } $net->list_all_ports });
L('list_all_ports flags 0', sub { scalar(my @l = $net->list_all_ports(0)) });
L('list_all_ports bad flags', sub { $net->list_all_ports(1 << 10) });
L('list_all_ports usage', sub { $net->list_all_ports(0, 0) });
L('get_port_by_uuid string', sub { $net->get_port_by_uuid($P1) });
L('get_port_by_uuid raw', sub { $net->get_port_by_uuid($p1->get_uuid) });
L('get_port_by_uuid 32', sub { (my $h = $P2) =~ s/-//g; $net->get_port_by_uuid($h) });
L('get_port_by_uuid upper', sub { $net->get_port_by_uuid(uc $P2) });
L('get_port_by_uuid missing', sub { $net->get_port_by_uuid('aaaaaaaa-bbbb-cccc-dddd-0000000000ff') });
L('get_port_by_uuid raw missing', sub { $net->get_port_by_uuid('abcdefghijklmnop') });
L('get_port_by_uuid invalid', sub { $net->get_port_by_uuid('aaaaaaaa-bbbb-cccc-dddd-0000000000zz') });
L('get_port_by_uuid short', sub { $net->get_port_by_uuid('abc') });
L('port _lookup_by_uuid_string', sub { Sys::Virt::NetworkPort::_lookup_by_uuid_string($net, $P1) });
L('port _lookup_by_uuid', sub { Sys::Virt::NetworkPort::_lookup_by_uuid($net, $p1->get_uuid) });
L('port _create_xml unblessed', sub {
    my $p = Sys::Virt::NetworkPort::_create_xml($net, portxml('aaaaaaaa-bbbb-cccc-dddd-000000000008', '52:54:00:65:00:08'));
    my @r = (ref($p), reftype($p));
    bless $p, 'Sys::Virt::NetworkPort';
    $p->delete;
    @r;
});
L('port _new subclass', sub { @My::Port::ISA = ('Sys::Virt::NetworkPort'); My::Port->_new(network => $net, uuid => $P1) });

# ---------------------------------------------------------------- bandwidth parameters
{
    my %K = (
        IN_AVERAGE => Sys::Virt::NetworkPort::BANDWIDTH_IN_AVERAGE(), IN_PEAK => Sys::Virt::NetworkPort::BANDWIDTH_IN_PEAK(),
        IN_BURST => Sys::Virt::NetworkPort::BANDWIDTH_IN_BURST(), IN_FLOOR => Sys::Virt::NetworkPort::BANDWIDTH_IN_FLOOR(),
        OUT_AVERAGE => Sys::Virt::NetworkPort::BANDWIDTH_OUT_AVERAGE(), OUT_PEAK => Sys::Virt::NetworkPort::BANDWIDTH_OUT_PEAK(),
        OUT_BURST => Sys::Virt::NetworkPort::BANDWIDTH_OUT_BURST(),
    );
    print "key $_: $K{$_}\n" for sort keys %K;
    my $bwxml = sub { my ($x) = $_[0]->get_xml_description =~ m{(<bandwidth>.*?</bandwidth>|<bandwidth/>)}s; $x };
    L('p1 get_parameters', sub { $p1->get_parameters });
    S('p1 get_parameters scalar', sub { $p1->get_parameters });
    L('p1 get_parameters flags 0', sub { $p1->get_parameters(0) });
    L('p1 get_parameters flags 1', sub { $p1->get_parameters(1) });
    L('p2 get_parameters (no bandwidth)', sub { $p2->get_parameters });
    L('p1 set in average+peak', sub { $p1->set_parameters({ $K{IN_AVERAGE} => 3000, $K{IN_PEAK} => 4000 }) });
    L('p1 after set', sub { $p1->get_parameters });
    L('p1 bandwidth xml', sub { $bwxml->($p1) });
    L('p1 set all', sub { $p1->set_parameters({ $K{IN_AVERAGE} => 100, $K{IN_PEAK} => 200, $K{IN_BURST} => 300,
        $K{OUT_AVERAGE} => 400, $K{OUT_PEAK} => 500, $K{OUT_BURST} => 600 }) });
    L('p1 after set all', sub { $p1->get_parameters });
    L('p1 bandwidth xml all', sub { $bwxml->($p1) });
    L('p1 set out average', sub { $p1->set_parameters({ $K{OUT_AVERAGE} => 700 }) });
    L('p1 after set out average', sub { $p1->get_parameters });
    L('p1 set string number', sub { $p1->set_parameters({ $K{IN_AVERAGE} => '1234' }) });
    L('p1 after string number', sub { $p1->get_parameters->{$K{IN_AVERAGE}} });
    L('p1 set floor', sub { $p1->set_parameters({ $K{IN_AVERAGE} => 100, $K{IN_FLOOR} => 50 }) });
    L('p1 set unknown key', sub { $p1->set_parameters({ 'no.such' => 1 }) });
    L('p1 after unknown key', sub { $p1->get_parameters });
    L('p1 set empty hash', sub { $p1->set_parameters({}) });
    L('p1 after empty hash', sub { $p1->get_parameters });
    L('p1 set flags 0', sub { $p1->set_parameters({ $K{IN_AVERAGE} => 10 }, 0) });
    L('p1 set flags 1', sub { $p1->set_parameters({ $K{IN_AVERAGE} => 10 }, 1) });
    L('p1 set not a hash', sub { $p1->set_parameters(5) });
    L('p1 set array', sub { $p1->set_parameters([]) });
    L('p1 set undef', sub { $p1->set_parameters(undef) });
    L('p1 set abc', sub { $p1->set_parameters({ $K{IN_AVERAGE} => 'abc' }) });
    L('p1 after abc', sub { $p1->get_parameters });
    L('p2 set on no bandwidth', sub { $p2->set_parameters({ $K{IN_AVERAGE} => 1000 }) });
    L('p2 after set', sub { $p2->get_parameters });
    L('p2 bandwidth xml', sub { $bwxml->($p2) });
}

# ---------------------------------------------------------------- delete and lifetime
L('p2 delete', sub { $p2->delete });
@ports = grep { $_ != $p2 } @ports;
L('p2 delete again', sub { $p2->delete });
L('p2 uuid after delete', sub { $p2->get_uuid_string });
L('p2 xml after delete', sub { $p2->get_xml_description });
L('p2 params after delete', sub { $p2->get_parameters });
L('p2 lookup after delete', sub { $net->get_port_by_uuid($P2) });
{
    my $e = eval { $net->get_port_by_uuid($P2); 1 } ? undef : $@;
    print "p2 lookup error is ERR_NO_NETWORK_PORT: ",
        (ref $e && $e->code == Sys::Virt::Error::ERR_NO_NETWORK_PORT() ? 1 : 0), "\n";
}
L('list after p2 delete', sub { sort map { $_->get_uuid_string } $net->list_all_ports });
L('p1 delete flags 1', sub { $p1->delete(1) });
{
    # a port keeps working when the network and connection objects that made it are gone
    my $keep;
    {
        my $c = Sys::Virt->new(uri => 'qemu:///system');
        my $n = $c->get_network_by_name($NET);
        $keep = $n->get_port_by_uuid($P1);
    }
    L('outlived uuid', sub { $keep->get_uuid_string });
    L('outlived xml has mac', sub { scalar($keep->get_xml_description =~ /52:54:00:65:00:01/) });
    L('outlived params', sub { scalar keys %{ $keep->get_parameters } });
    L('DESTROY', sub { $keep->DESTROY });
    L('after DESTROY value', sub { $$keep });
    L('uuid after DESTROY', sub { $keep->get_uuid_string });
    L('xml after DESTROY', sub { $keep->get_xml_description });
    L('DESTROY again', sub { $keep->DESTROY });
}
L('p1 still there', sub { $net->get_port_by_uuid($P1) });
# destroying the network drops its ports (libvirt 9.0 allows it with ports present)
L('destroy network with a port', sub { $net->destroy });
L('is_active after that', sub { $net->is_active });
L('p1 xml after network destroy', sub { $p1->get_xml_description });
L('ports of stopped network', sub { $net->list_all_ports });
L('restart', sub { $net->create });
L('ports after restart', sub { sort map { $_->get_uuid_string } $net->list_all_ports });
L('p1 delete', sub { $p1->delete });
@ports = ();
L('list after all deleted', sub { $net->list_all_ports });

# ---------------------------------------------------------------- network end of life
L('undefine while active', sub { $net->undefine });
L('is_persistent after undefine', sub { $net->is_persistent });
L('is_active after undefine', sub { $net->is_active });
L('destroy', sub { $net->destroy });
L('lookup after destroy', sub { $conn->get_network_by_name($NET) });
L('ports on gone network', sub { $net->list_all_ports });
L('create_port on gone network', sub { $net->create_port(portxml($P1, '52:54:00:65:00:01')) });
L('leases on gone network', sub { $net->get_dhcp_leases });

cleanup();
print "END\n";
