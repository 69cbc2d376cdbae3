#!/usr/bin/perl
# Every network call of Sys::Virt (the connection's network methods, Sys::Virt::Network and
# what the test driver lets us see of Sys::Virt::NetworkPort), printing one line per
# observation. t/52-network.t runs it once with the reference Sys::Virt (the XS module) and
# once with ours and compares the outputs line by line, so everything printed here must be
# the same for both: no addresses, no times, no orders that libvirt leaves unspecified
# (libvirt's hash tables are seeded at random, so name lists are sorted).
#
# Two kinds of lines are intended to differ, and carry a prefix so that t/52 can tell them:
#   "NUL LABEL [ARG]: ..."  a string argument with a NUL byte inside: the reference cuts the
#                           string at the NUL; ours dies naming the argument ARG.
#   "UNSAFE LABEL: ..."     calls that crash the reference, or make it take a pointer out of
#                           something that is not its handle, or read past a string; each
#                           runs in a forked child, and the line says how the child ended.
#
# Output: "LABEL: VALUE". Newlines inside values are shown as \n, other control bytes as
# \xNN. Warnings and die texts have " at FILE line N." rewritten: this script keeps its line
# number ("at SCRIPT line N"), any other file is cut to its base name without a line number
# (module line numbers differ between the implementations).

use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use B ();
use Digest::MD5 qw(md5_hex);
use Scalar::Util qw(reftype);
use Sys::Virt;
use TestDriver qw(private_uri);
use Probe;

print STDERR "Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
$| = 1;

Probe::configure(
    script  => __FILE__,
    # the private test driver file lives in a fresh temporary directory each run
    rewrite => sub { $_[0] =~ s{/tmp/sys-virt-t-\w+/}{TMP/}g },
    # network objects show what they stand for: a name, a port's UUID
    named   => ['Sys::Virt::Network' => 'get_name', 'Sys::Virt::NetworkPort' => 'get_uuid_string'],
);

# A network's XML; its UUID is made from its name unless given (libvirt would pick a random
# one, which error messages then quote).
sub name_uuid {
    my $h = md5_hex($_[0]);
    return join '-', unpack 'A8 A4 A4 A4 A12', $h;
}
sub netxml {
    my ($name, %o) = @_;
    my $u = exists $o{uuid} ? $o{uuid} : do { my $b = $name; utf8::encode($b); name_uuid($b) };
    my $uuid = $u ? "<uuid>$u</uuid>" : '';
    my $bridge = $o{bridge} ? "<bridge name='$o{bridge}'/>" : '';
    my $ip = $o{ip}
        ? "<ip address='$o{ip}.1' netmask='255.255.255.0'><dhcp><range start='$o{ip}.2' end='$o{ip}.99'/></dhcp></ip>"
        : '';
    return "<network><name>$name</name>$uuid$bridge$ip</network>";
}
sub hostxml { "<host mac='52:54:00:00:00:$_[0]' name='$_[1]' ip='$_[2]'/>" }

# ---------------------------------------------------------------- constants and subs
{
    no strict 'refs';
    for my $c (qw(CREATE_VALIDATE DEFINE_VALIDATE LIST_ACTIVE LIST_INACTIVE LIST_AUTOSTART
                  LIST_NO_AUTOSTART LIST_PERSISTENT LIST_TRANSIENT XML_INACTIVE
                  SECTION_NONE SECTION_BRIDGE SECTION_DOMAIN SECTION_IP SECTION_IP_DHCP_HOST
                  SECTION_IP_DHCP_RANGE SECTION_FORWARD SECTION_FORWARD_INTERFACE
                  SECTION_FORWARD_PF SECTION_PORTGROUP SECTION_DNS_HOST SECTION_DNS_TXT
                  SECTION_DNS_SRV UPDATE_AFFECT_CURRENT UPDATE_AFFECT_LIVE UPDATE_AFFECT_CONFIG
                  UPDATE_COMMAND_NONE UPDATE_COMMAND_MODIFY UPDATE_COMMAND_DELETE
                  UPDATE_COMMAND_ADD_LAST UPDATE_COMMAND_ADD_FIRST EVENT_ID_LIFECYCLE
                  EVENT_DEFINED EVENT_UNDEFINED EVENT_STARTED EVENT_STOPPED)) {
        my $n = "Sys::Virt::Network::$c";
        print "const $n: ", (defined &$n ? &$n() . " proto=" . show(prototype($n)) : 'none'), "\n";
    }
    for my $c (qw(CREATE_RECLAIM CREATE_VALIDATE BANDWIDTH_IN_AVERAGE BANDWIDTH_IN_PEAK
                  BANDWIDTH_IN_BURST BANDWIDTH_IN_FLOOR BANDWIDTH_OUT_AVERAGE
                  BANDWIDTH_OUT_PEAK BANDWIDTH_OUT_BURST)) {
        my $n = "Sys::Virt::NetworkPort::$c";
        print "const $n: ", (defined &$n ? &$n() . " proto=" . show(prototype($n)) : 'none'), "\n";
    }
    for my $n (qw(Sys::Virt::Error::FROM_NETWORK Sys::Virt::Error::FROM_NETWORK_PORT
                  Sys::Virt::Error::ERR_NO_NETWORK Sys::Virt::Error::ERR_INVALID_NETWORK
                  Sys::Virt::Error::ERR_NO_NETWORK_PORT Sys::Virt::Error::ERR_INVALID_NETWORK_PORT
                  Sys::Virt::Error::ERR_NETWORK_PORT_EXIST Sys::Virt::Error::ERR_NO_SUPPORT
                  Sys::Virt::IP_ADDR_TYPE_IPV4 Sys::Virt::IP_ADDR_TYPE_IPV6)) {
        print "const $n: ", (defined &$n ? &$n() : 'none'), "\n";
    }
    my @subs = map { "Sys::Virt::Network::$_" }
        qw(_new _lookup_by_name _lookup_by_uuid _lookup_by_uuid_string _create_xml _define_xml
           get_name get_uuid get_uuid_string is_active is_persistent get_xml_description
           create destroy undefine update get_bridge_name get_autostart set_autostart
           get_dhcp_leases list_all_ports create_port get_port_by_uuid DESTROY);
    push @subs, map { "Sys::Virt::NetworkPort::$_" }
        qw(_new _lookup_by_uuid _lookup_by_uuid_string _create_xml get_uuid get_uuid_string
           get_xml_description delete get_parameters set_parameters DESTROY);
    push @subs, map { "Sys::Virt::$_" }
        qw(num_of_networks list_network_names num_of_defined_networks
           list_defined_network_names list_all_networks list_networks list_defined_networks
           get_network_by_name get_network_by_uuid create_network define_network);
    for my $n (@subs) {
        my $kind = !defined &$n ? 'none' : B::svref_2object(\&$n)->XSUB ? 'XS' : 'PERL';
        print "sub $n: $kind\n";
        print "proto $n: ", show(defined &$n ? prototype(\&$n) : undef), "\n";
    }
    for my $p (qw(Sys::Virt::Network Sys::Virt::NetworkPort)) {
        print "ISA $p: ", join(',', @{"${p}::ISA"}), "\n";
        # every sub the package has (methods, helpers and constants): none missing, none extra
        print "all subs $p: ", join(',', sort grep { defined &{"${p}::$_"} } keys %{"${p}::"}), "\n";
    }
    print "loaded: ", join(',', map { exists $INC{$_} ? $_ : "!$_" }
        qw(Sys/Virt/Network.pm Sys/Virt/NetworkPort.pm)), "\n";
}

# Without the network classes the rest cannot run: say so (t/52 shows stderr) and stop.
unless (defined &Sys::Virt::Network::get_name && defined &Sys::Virt::num_of_networks) {
    print STDERR "this Sys::Virt ($INC{'Sys/Virt.pm'}) has no Sys::Virt::Network\n";
    exit 2;
}

# A private test-driver state: one domain, no networks, fresh for each new connection.
my $uri = private_uri();
my $conn = Sys::Virt->new(uri => $uri);

# ---------------------------------------------------------------- an empty start
L('num_of_networks empty', sub { $conn->num_of_networks });
L('num_of_defined_networks empty', sub { $conn->num_of_defined_networks });
L('list_network_names empty', sub { $conn->list_network_names(10) });
S('list_network_names empty scalar', sub { $conn->list_network_names(10) });
L('list_defined_network_names empty', sub { $conn->list_defined_network_names(10) });
L('list_all_networks empty', sub { $conn->list_all_networks });
S('list_all_networks empty scalar', sub { $conn->list_all_networks });
L('list_networks empty', sub { $conn->list_networks });
S('list_networks empty scalar', sub { $conn->list_networks });
L('list_defined_networks empty', sub { $conn->list_defined_networks });
L('lookup in empty', sub { $conn->get_network_by_name('n1') });

# ---------------------------------------------------------------- define and create
my $U1 = '00112233-4455-6677-8899-aabbccddeeff';    # its raw form has a NUL byte: legitimate
my $xml1 = netxml('n1', uuid => $U1, bridge => 'svbr1', ip => '10.1.1');
my ($n1) = L('define n1', sub { $conn->define_network($xml1) });
L('define n1 again (same uuid: update)', sub { $conn->define_network($xml1) });
L('define n1 other uuid', sub { $conn->define_network(netxml('n1', uuid => '00112233-4455-6677-8899-aabbccddeef0')) });
L('define n2 flags 0', sub { $conn->define_network(netxml('n2', bridge => 'svbr2'), 0) });
L('define n3 flags undef', sub { $conn->define_network(netxml('n3'), undef) });
L('define n4 validate', sub { $conn->define_network(netxml('n4', bridge => 'svbr4'), Sys::Virt::Network::DEFINE_VALIDATE()) });
L('define validate bogus', sub { $conn->define_network('<network><name>bad</name><bogus/></network>', Sys::Virt::Network::DEFINE_VALIDATE()) });
L('define bogus without validate', sub { $conn->define_network('<network><name>n5</name><bogus/></network>') });
L('define bad flags', sub { $conn->define_network(netxml('bf'), 1 << 10) });
L('define flags abc', sub { $conn->define_network(netxml('n6'), 'abc') });
L('define malformed', sub { $conn->define_network('<network>') });
L('define wrong root', sub { $conn->define_network('<foo/>') });
L('define no name', sub { $conn->define_network('<network/>') });
L('define bad uuid', sub { $conn->define_network("<network><name>bu</name><uuid>xyz</uuid></network>") });
L('define undef', sub { $conn->define_network(undef) });
L('define none', sub { $conn->define_network() });
L('define empty', sub { $conn->define_network('') });
L('define extra args', sub { $conn->define_network(netxml('n7'), 0, 'extra') });
L('undefine n5 n6 n7', sub { $_->undefine for map { $conn->get_network_by_name($_) } qw(n5 n6 n7); 'done' });

my ($t1) = L('create t1', sub { $conn->create_network(netxml('t1', bridge => 'svbrt1')) });
L('create t2 validate', sub { $conn->create_network(netxml('t2'), Sys::Virt::Network::CREATE_VALIDATE()) });
L('create t1 dup', sub { $conn->create_network(netxml('t1')) });
L('create n1 (defined) other uuid', sub { $conn->create_network(netxml('n1')) });
L('create bad flags', sub { $conn->create_network(netxml('bf'), 1 << 10) });
L('create validate bogus', sub { $conn->create_network('<network><name>bad</name><bogus/></network>', Sys::Virt::Network::CREATE_VALIDATE()) });
L('create malformed', sub { $conn->create_network('<net') });
L('create undef', sub { $conn->create_network(undef) });
L('t2 destroy (transient: gone)', sub { $conn->get_network_by_name('t2')->destroy });
L('t2 after destroy', sub { $conn->get_network_by_name('t2') });

# ---------------------------------------------------------------- lists (1 active, 4 defined)
L('num_of_networks', sub { $conn->num_of_networks });
L('num_of_defined_networks', sub { $conn->num_of_defined_networks });
for my $max (0, 1, 2, 100, '3', undef, 'abc', 1.9) {
    my $m = show($max);
    L("list_network_names $m", sub { $conn->list_network_names($max) });
    L("list_defined_network_names $m count", sub { scalar(my @l = $conn->list_defined_network_names($max)) });
}
L('list_defined_network_names 100', sub { sort $conn->list_defined_network_names(100) });
L('list_defined_network_names 1 is one of them', sub {
    my @l = $conn->list_defined_network_names(1);
    (scalar(@l), scalar(grep { /\An[1-4]\z/ } @l));
});
S('list_network_names scalar', sub { $conn->list_network_names(10) });
S('list_network_names 0 scalar', sub { $conn->list_network_names(0) });
S('num_of_networks scalar', sub { $conn->num_of_networks });
L('list_network_names usage none', sub { $conn->list_network_names() });
L('list_network_names usage two', sub { $conn->list_network_names(1, 2) });
L('list_defined_network_names usage', sub { $conn->list_defined_network_names() });
L('num_of_networks usage', sub { $conn->num_of_networks(1) });
L('num_of_defined_networks usage', sub { $conn->num_of_defined_networks(1) });
UNSAFE('list_network_names -1', sub { Sys::Virt->new(uri => $uri)->list_network_names(-1) });
UNSAFE('list_defined_network_names -1', sub {
    my $c = Sys::Virt->new(uri => $uri);
    $c->define_network(netxml('z'));
    $c->list_defined_network_names(-1);
});

L('list_networks', sub { names($conn->list_networks) });
S('list_networks scalar (a count: a Perl sub)', sub { $conn->list_networks });
L('list_defined_networks', sub { names($conn->list_defined_networks) });
S('list_defined_networks scalar', sub { $conn->list_defined_networks });
L('list_networks usage', sub { names($conn->list_networks(1)) });
L('list_all_networks', sub { names($conn->list_all_networks) });
L('list_all_networks count', sub { scalar(my @l = $conn->list_all_networks) });
my %LF = (
    ACTIVE => Sys::Virt::Network::LIST_ACTIVE(), INACTIVE => Sys::Virt::Network::LIST_INACTIVE(),
    PERSISTENT => Sys::Virt::Network::LIST_PERSISTENT(), TRANSIENT => Sys::Virt::Network::LIST_TRANSIENT(),
    AUTOSTART => Sys::Virt::Network::LIST_AUTOSTART(), NO_AUTOSTART => Sys::Virt::Network::LIST_NO_AUTOSTART(),
);
for my $f (sort keys %LF) {
    L("list_all_networks $f", sub { names($conn->list_all_networks($LF{$f})) });
}
L('list_all_networks ACTIVE|PERSISTENT', sub { names($conn->list_all_networks($LF{ACTIVE} | $LF{PERSISTENT})) });
L('list_all_networks ACTIVE|INACTIVE', sub { names($conn->list_all_networks($LF{ACTIVE} | $LF{INACTIVE})) });
L('list_all_networks TRANSIENT objects', sub { $conn->list_all_networks($LF{TRANSIENT}) });
S('list_all_networks TRANSIENT scalar', sub { $conn->list_all_networks($LF{TRANSIENT}) });
S('list_all_networks ACTIVE|PERSISTENT scalar', sub { $conn->list_all_networks($LF{ACTIVE} | $LF{PERSISTENT}) });
L('list_all_networks undef', sub { names($conn->list_all_networks(undef)) });
L('list_all_networks bad flag', sub { $conn->list_all_networks(1 << 10) });
L('list_all_networks -1', sub { $conn->list_all_networks(-1) });
L('list_all_networks usage', sub { $conn->list_all_networks(0, 0) });

# ---------------------------------------------------------------- lookups
L('by name n1', sub { $conn->get_network_by_name('n1') });
L('by name missing', sub { $conn->get_network_by_name('nope') });
L('by name empty', sub { $conn->get_network_by_name('') });
L('by name undef', sub { $conn->get_network_by_name(undef) });
L('by name none', sub { $conn->get_network_by_name() });
L('by name extra', sub { $conn->get_network_by_name('n1', 5) });
my $raw1 = pack 'H*', do { (my $h = $U1) =~ s/-//g; $h };
L('by uuid raw', sub { $conn->get_network_by_uuid($raw1) });
L('by uuid 32', sub { (my $h = $U1) =~ s/-//g; $conn->get_network_by_uuid($h) });
L('by uuid 36', sub { $conn->get_network_by_uuid($U1) });
L('by uuid 36 upper', sub { $conn->get_network_by_uuid(uc $U1) });
L('by uuid 36 missing', sub { $conn->get_network_by_uuid('ffffffff-4455-6677-8899-aabbccddeeff') });
L('by uuid raw missing', sub { $conn->get_network_by_uuid('abcdefghijklmnop') });
L('by uuid 36 invalid', sub { $conn->get_network_by_uuid('00112233-4455-6677-8899-aabbccddeexx') });
L('by uuid 32 invalid', sub { $conn->get_network_by_uuid('z' x 32) });
L('by uuid short', sub { $conn->get_network_by_uuid('abc') });
L('by uuid 15', sub { $conn->get_network_by_uuid(substr($raw1, 0, 15)) });
L('by uuid 17', sub { $conn->get_network_by_uuid("$raw1!") });
L('by uuid 37', sub { $conn->get_network_by_uuid("$U1-") });
L('by uuid empty', sub { $conn->get_network_by_uuid('') });
L('by uuid undef', sub { $conn->get_network_by_uuid(undef) });
L('_lookup_by_uuid 36 chars', sub { Sys::Virt::Network::_lookup_by_uuid($conn, $U1) });
# a raw UUID shorter than 16 bytes: the reference reads past the end of the string
UNSAFE('_lookup_by_uuid short', sub { Sys::Virt::Network::_lookup_by_uuid($conn, 'abc') });
# raw bytes (with NULs) as a printable UUID: the reference cuts them at the first NUL
NUL('_lookup_by_uuid_string raw', 'uuid', sub { Sys::Virt::Network::_lookup_by_uuid_string($conn, $raw1) });
L('_lookup_by_name unblessed result', sub { my $r = Sys::Virt::Network::_lookup_by_name($conn, 'n1'); (ref($r), reftype($r)) });
L('_lookup_by_name usage', sub { &Sys::Virt::Network::_lookup_by_name($conn) });
L('_new by name', sub { Sys::Virt::Network->_new(connection => $conn, name => 'n1') });
L('_new by uuid', sub { Sys::Virt::Network->_new(connection => $conn, uuid => $U1) });
L('_new name wins', sub { Sys::Virt::Network->_new(connection => $conn, name => 'n2', uuid => $U1) });
L('_new no connection', sub { Sys::Virt::Network->_new(name => 'n1') });
L('_new nothing', sub { Sys::Virt::Network->_new(connection => $conn) });
L('_new via object', sub { $n1->_new(connection => $conn, name => 'n2') });
L('_new subclass', sub { @My::Net::ISA = ('Sys::Virt::Network'); My::Net->_new(connection => $conn, name => 'n1') });
L('_new define xml', sub { Sys::Virt::Network->_new(connection => $conn, xml => netxml('n8'), nocreate => 1)->undefine });

# ---------------------------------------------------------------- simple methods on n1 (defined, inactive)
L('get_name', sub { $n1->get_name });
S('get_name scalar', sub { $n1->get_name });
L('get_uuid hex', sub { unpack 'H*', $n1->get_uuid });
L('get_uuid length', sub { length $n1->get_uuid });
L('get_uuid_string', sub { $n1->get_uuid_string });
L('is_active', sub { $n1->is_active });
L('is_persistent', sub { $n1->is_persistent });
L('get_bridge_name', sub { $n1->get_bridge_name });
L('get_autostart', sub { $n1->get_autostart });
L('get_xml_description', sub { $n1->get_xml_description });
for my $f (0, undef, '0', Sys::Virt::Network::XML_INACTIVE(), 2, 'abc', -1) {
    L('get_xml_description flags ' . show($f), sub { $n1->get_xml_description($f) });
}
for my $m (qw(get_name get_uuid get_uuid_string is_active is_persistent get_bridge_name
              get_autostart create destroy undefine)) {
    L("$m usage", sub { $n1->$m(1) });
}
L('get_xml_description usage', sub { $n1->get_xml_description(0, 0) });
L('get_name usage none', sub { &Sys::Virt::Network::get_name() });
L('n2 bridge', sub { $conn->get_network_by_name('n2')->get_bridge_name });
L('n3 no bridge given', sub { $conn->get_network_by_name('n3')->get_bridge_name });
L('t1 is_active', sub { $t1->is_active });
L('t1 is_persistent', sub { $t1->is_persistent });

# ---------------------------------------------------------------- autostart
L('set_autostart 1', sub { $n1->set_autostart(1) });
L('get_autostart after 1', sub { $n1->get_autostart });
L('list_all_networks AUTOSTART', sub { names($conn->list_all_networks($LF{AUTOSTART})) });
L('set_autostart 0', sub { $n1->set_autostart(0) });
L('get_autostart after 0', sub { $n1->get_autostart });
L('set_autostart 7', sub { $n1->set_autostart(7) });
L('get_autostart after 7', sub { $n1->get_autostart });
L('set_autostart undef', sub { $n1->set_autostart(undef) });
L('get_autostart after undef', sub { $n1->get_autostart });
L('set_autostart abc', sub { $n1->set_autostart('abc') });
L('set_autostart usage', sub { $n1->set_autostart() });
L('set_autostart usage two', sub { $n1->set_autostart(1, 2) });
L('set_autostart transient', sub { $t1->set_autostart(1) });
L('get_autostart transient', sub { $t1->get_autostart });

# ---------------------------------------------------------------- update
{
    my $U = 'Sys::Virt::Network';
    my ($ADD_LAST, $ADD_FIRST, $MODIFY, $DELETE, $NONE) = (
        Sys::Virt::Network::UPDATE_COMMAND_ADD_LAST(), Sys::Virt::Network::UPDATE_COMMAND_ADD_FIRST(),
        Sys::Virt::Network::UPDATE_COMMAND_MODIFY(), Sys::Virt::Network::UPDATE_COMMAND_DELETE(),
        Sys::Virt::Network::UPDATE_COMMAND_NONE());
    my $HOST = Sys::Virt::Network::SECTION_IP_DHCP_HOST();
    my ($CONFIG, $LIVE, $CURRENT) = (Sys::Virt::Network::UPDATE_AFFECT_CONFIG(),
        Sys::Virt::Network::UPDATE_AFFECT_LIVE(), Sys::Virt::Network::UPDATE_AFFECT_CURRENT());
    my $hosts = sub { join ',', $_[0]->get_xml_description =~ /<host mac='[^']*' name='([^']*)'/g };

    L('update add h1', sub { $n1->update($ADD_LAST, $HOST, -1, hostxml('01', 'h1', '10.1.1.5')) });
    L('update add h2 config', sub { $n1->update($ADD_LAST, $HOST, -1, hostxml('02', 'h2', '10.1.1.6'), $CONFIG) });
    L('update add h0 first', sub { $n1->update($ADD_FIRST, $HOST, 0, hostxml('00', 'h0', '10.1.1.4'), $CURRENT) });
    L('hosts after adds', sub { $hosts->($n1) });
    L('update add dup', sub { $n1->update($ADD_LAST, $HOST, -1, hostxml('01', 'h1', '10.1.1.5')) });
    L('update modify h1', sub { $n1->update($MODIFY, $HOST, -1, hostxml('01', 'h1new', '10.1.1.15')) });
    L('update modify missing', sub { $n1->update($MODIFY, $HOST, -1, hostxml('09', 'h9', '10.1.1.19')) });
    L('update delete h2', sub { $n1->update($DELETE, $HOST, -1, hostxml('02', 'h2', '10.1.1.6')) });
    L('update delete missing', sub { $n1->update($DELETE, $HOST, -1, hostxml('02', 'h2', '10.1.1.6')) });
    L('hosts after modify/delete', sub { $hosts->($n1) });
    L('update live on inactive', sub { $n1->update($ADD_LAST, $HOST, -1, hostxml('03', 'h3', '10.1.1.7'), $LIVE) });
    L('update command none', sub { $n1->update($NONE, $HOST, -1, hostxml('03', 'h3', '10.1.1.7')) });
    L('update command 99', sub { $n1->update(99, $HOST, -1, hostxml('03', 'h3', '10.1.1.7')) });
    L('update section 99', sub { $n1->update($ADD_LAST, 99, -1, hostxml('03', 'h3', '10.1.1.7')) });
    L('update section bridge', sub { $n1->update($MODIFY, Sys::Virt::Network::SECTION_BRIDGE(), -1, "<bridge name='svbrX'/>") });
    L('update dhcp range', sub { $n1->update($ADD_LAST, Sys::Virt::Network::SECTION_IP_DHCP_RANGE(), -1, "<range start='10.1.1.100' end='10.1.1.120'/>") });
    L('update dns host', sub { $n1->update($ADD_LAST, Sys::Virt::Network::SECTION_DNS_HOST(), -1, "<host ip='10.1.1.50'><hostname>www</hostname></host>") });
    L('update portgroup', sub { $n1->update($ADD_LAST, Sys::Virt::Network::SECTION_PORTGROUP(), -1, "<portgroup name='pg1'/>") });
    L('update parent index 5', sub { $n1->update($ADD_LAST, $HOST, 5, hostxml('04', 'h4', '10.1.1.8')) });
    L('update wrong element', sub { $n1->update($ADD_LAST, $HOST, -1, "<range start='10.1.1.2' end='10.1.1.3'/>") });
    L('update malformed', sub { $n1->update($ADD_LAST, $HOST, -1, '<host') });
    L('update outside range', sub { $n1->update($ADD_LAST, $HOST, -1, hostxml('05', 'h5', '192.168.0.5')) });
    L('update bad flags', sub { $n1->update($ADD_LAST, $HOST, -1, hostxml('06', 'h6', '10.1.1.9'), 1 << 10) });
    L('update undef xml', sub { $n1->update($ADD_LAST, $HOST, -1, undef) });
    L('update string numbers', sub { $n1->update("$ADD_LAST", "$HOST", '-1', hostxml('07', 'h7', '10.1.1.10'), "$CONFIG") });
    L('update abc command', sub { $n1->update('abc', $HOST, -1, hostxml('08', 'h8', '10.1.1.11')) });
    L('update on n3 (no ip)', sub { $conn->get_network_by_name('n3')->update($ADD_LAST, $HOST, -1, hostxml('0a', 'ha', '10.1.1.12')) });
    L('update usage few', sub { $n1->update($ADD_LAST, $HOST, -1) });
    L('update usage many', sub { $n1->update(1, 2, 3, 4, 5, 6) });
    L('n1 xml after updates', sub { $n1->get_xml_description });

    # ---------------------------------------------------------------- life cycle of n1
    L('create', sub { $n1->create });
    L('is_active after create', sub { $n1->is_active });
    L('create again', sub { $n1->create });
    L('update live on active', sub { $n1->update($ADD_LAST, $HOST, -1, hostxml('0b', 'hb', '10.1.1.13'), $LIVE) });
    L('update config on active', sub { $n1->update($ADD_LAST, $HOST, -1, hostxml('0c', 'hc', '10.1.1.14'), $CONFIG) });
    L('update live+config', sub { $n1->update($ADD_LAST, $HOST, -1, hostxml('0d', 'hd', '10.1.1.16'), $LIVE | $CONFIG) });
    L('hosts live', sub { $hosts->($n1) });
    L('xml inactive on active', sub { $n1->get_xml_description(Sys::Virt::Network::XML_INACTIVE()) });
    L('lists with n1 active', sub { join ';', sort($conn->list_network_names(10)), '-', sort($conn->list_defined_network_names(10)) });
    L('destroy', sub { $n1->destroy });
    L('is_active after destroy', sub { $n1->is_active });
    L('hosts after destroy', sub { $hosts->($n1) });
    L('destroy again (inactive)', sub { $n1->destroy });
    L('is_persistent after destroy', sub { $n1->is_persistent });
    L('t1 update live', sub { $t1->update($ADD_LAST, Sys::Virt::Network::SECTION_DNS_HOST(), -1, "<host ip='10.9.9.9'><hostname>t</hostname></host>") });
}

# ---------------------------------------------------------------- things the test driver does not do
L('get_dhcp_leases', sub { $n1->get_dhcp_leases });
L('get_dhcp_leases undef', sub { $n1->get_dhcp_leases(undef) });
L('get_dhcp_leases mac', sub { $n1->get_dhcp_leases('52:54:00:00:00:01') });
L('get_dhcp_leases mac flags', sub { $n1->get_dhcp_leases('52:54:00:00:00:01', 0) });
L('get_dhcp_leases undef flags', sub { $n1->get_dhcp_leases(undef, 0) });
L('get_dhcp_leases usage', sub { $n1->get_dhcp_leases(undef, 0, 0) });
S('get_dhcp_leases scalar', sub { $n1->get_dhcp_leases });
L('list_all_ports', sub { $n1->list_all_ports });
L('list_all_ports flags', sub { $n1->list_all_ports(0) });
L('list_all_ports usage', sub { $n1->list_all_ports(0, 0) });
my $portxml = "<networkport><uuid>aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee</uuid><owner><name>g</name>"
    . "<uuid>11111111-2222-3333-4444-555555555555</uuid></owner><mac address='52:54:00:11:22:33'/></networkport>";
L('create_port', sub { $n1->create_port($portxml) });
L('create_port flags', sub { $n1->create_port($portxml, Sys::Virt::NetworkPort::CREATE_VALIDATE()) });
L('create_port undef', sub { $n1->create_port(undef) });
L('get_port_by_uuid string', sub { $n1->get_port_by_uuid('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee') });
L('get_port_by_uuid 32', sub { $n1->get_port_by_uuid('aaaaaaaabbbbccccddddeeeeeeeeeeee') });
L('get_port_by_uuid raw', sub { $n1->get_port_by_uuid($raw1) });
L('get_port_by_uuid short', sub { $n1->get_port_by_uuid('abc') });
L('get_port_by_uuid undef', sub { $n1->get_port_by_uuid(undef) });
L('port _new nothing', sub { Sys::Virt::NetworkPort->_new(network => $n1) });
L('port _new no network', sub { Sys::Virt::NetworkPort->_new(uuid => 'x') });
L('port _lookup_by_uuid usage', sub { &Sys::Virt::NetworkPort::_lookup_by_uuid($n1) });
L('port _create_xml usage', sub { &Sys::Virt::NetworkPort::_create_xml($n1) });
L('port _create_xml flags', sub { Sys::Virt::NetworkPort::_create_xml($n1, $portxml, 0) });

# ---------------------------------------------------------------- undefine
L('undefine', sub { $n1->undefine });
L('undefine again', sub { $n1->undefine });
L('get_name after undefine', sub { $n1->get_name });
L('get_uuid_string after undefine', sub { $n1->get_uuid_string });
L('is_active after undefine', sub { $n1->is_active });
L('xml after undefine', sub { $n1->get_xml_description });
L('create after undefine', sub { $n1->create });
L('bridge after undefine', sub { $n1->get_bridge_name });
L('lookup after undefine', sub { $conn->get_network_by_name('n1') });
L('undefine active transient', sub { $t1->undefine });
L('t1 destroy', sub { $t1->destroy });
L('t1 after destroy', sub { $t1->is_active });
L('final lists', sub { join ';', sort($conn->list_network_names(10)), '-', sort($conn->list_defined_network_names(10)) });

# ---------------------------------------------------------------- bytes
{
    my $uname = "n\x{263A}";
    my $net = S('define utf8 name', sub { $conn->define_network(netxml($uname)) });
    if ($net) {
        my $n = $net->get_name;
        print "utf8 name: ", unpack('H*', $n), " flag=", (utf8::is_utf8($n) ? 1 : 0), "\n";
        S('lookup utf8 name', sub { $conn->get_network_by_name($uname) });
        my $bytes = $uname;
        utf8::encode($bytes);
        S('lookup utf8 name as bytes', sub { $conn->get_network_by_name($bytes) });
        my $x = $net->get_xml_description;
        print "utf8 xml flag: ", (utf8::is_utf8($x) ? 1 : 0), "\n";
        $net->undefine;
    }
    my $latin = "caf\x{e9}";
    my $l1 = S('define latin1 name downgraded', sub { $conn->define_network(netxml($latin)) });
    if ($l1) { print "latin1 name hex: ", unpack('H*', $l1->get_name), "\n"; $l1->undefine }
    utf8::upgrade($latin);
    my $l2 = S('define latin1 name upgraded', sub { $conn->define_network(netxml($latin)) });
    if ($l2) { print "latin1 upgraded name hex: ", unpack('H*', $l2->get_name), "\n"; $l2->undefine }
}

# ---------------------------------------------------------------- NUL bytes (intended differences)
{
    my $n2 = $conn->get_network_by_name('n2');
    NUL('by name', 'name', sub { $conn->get_network_by_name("n2\0zz") });
    NUL('define', 'xml', sub { $conn->define_network(netxml('n9') . "\0<junk") });
    NUL('create', 'xml', sub { $conn->create_network(netxml('t9') . "\0<junk") });
    NUL('by uuid string', 'uuid', sub { $conn->get_network_by_uuid(substr($U1, 0, 32) . "\0abc") });
    NUL('update', 'xml', sub {
        $n2->update(Sys::Virt::Network::UPDATE_COMMAND_ADD_LAST(),
            Sys::Virt::Network::SECTION_DNS_HOST(), -1, "<host ip='10.2.2.2'><hostname>x</hostname></host>\0junk");
    });
    NUL('get_dhcp_leases', 'mac', sub { $n2->get_dhcp_leases("52:54:00:00:00:01\0x") });
    NUL('create_port', 'xml', sub { $n2->create_port("$portxml\0junk") });
    # what the reference made of the cut strings (n9, t9, a DNS host on n2) is not printed
    for my $n (qw(n9 t9)) {
        my $net = eval { $conn->get_network_by_name($n) } or next;
        eval { $net->destroy } if $net->is_active;
        eval { $net->undefine } if eval { $net->is_persistent };
    }
    L('after NUL cleanup: lists', sub { join ';', sort($conn->list_network_names(10)), '-', sort($conn->list_defined_network_names(10)) });
}

# ---------------------------------------------------------------- non-object invocants
{
    no strict 'refs';
    my %args = (set_autostart => [1], update => [1, 4, -1, '<host/>'], get_xml_description => [0],
                get_dhcp_leases => [undef, 0], list_all_ports => [0]);
    for my $m (qw(get_name get_uuid get_uuid_string is_active is_persistent get_xml_description
                  create undefine update get_bridge_name get_autostart set_autostart
                  get_dhcp_leases list_all_ports)) {
        my $f = "Sys::Virt::Network::$m";
        my @a = @{ $args{$m} // [] };
        L("nonobj $m string", sub { &$f('x', @a) });
        S("nonobj $m string scalar", sub { &$f('x', @a) });
        L("nonobj $m undef", sub { &$f(undef, @a) });
        L("nonobj $m hashref", sub { &$f({}, @a) });
        L("nonobj $m class", sub { Sys::Virt::Network->$m(@a) });
    }
    for my $m (qw(get_uuid get_uuid_string get_xml_description delete get_parameters)) {
        my $f = "Sys::Virt::NetworkPort::$m";
        L("port nonobj $m string", sub { &$f('x') });
        L("port nonobj $m hashref", sub { &$f({}) });
        L("port nonobj $m class", sub { Sys::Virt::NetworkPort->$m() });
    }
    L('port nonobj set_parameters', sub { Sys::Virt::NetworkPort::set_parameters('x', {}) });
    L('port nonobj set_parameters not hash', sub { Sys::Virt::NetworkPort::set_parameters('x', 5) });
    L('port nonobj _lookup_by_uuid', sub { Sys::Virt::NetworkPort::_lookup_by_uuid('x', 'a' x 16) });
    L('port nonobj _lookup_by_uuid_string', sub { Sys::Virt::NetworkPort::_lookup_by_uuid_string('x', 'a' x 36) });
    L('port nonobj _create_xml', sub { Sys::Virt::NetworkPort::_create_xml('x', '<networkport/>') });
    for my $m (qw(num_of_networks num_of_defined_networks list_all_networks)) {
        my $f = "Sys::Virt::$m";
        L("conn nonobj $m", sub { &$f('x') });
    }
    L('conn nonobj list_network_names', sub { Sys::Virt::list_network_names('x', 1) });
    L('conn nonobj list_defined_network_names', sub { Sys::Virt::list_defined_network_names('x', 1) });
    L('conn nonobj _lookup_by_name', sub { Sys::Virt::Network::_lookup_by_name('x', 'n2') });
    L('conn nonobj _lookup_by_uuid', sub { Sys::Virt::Network::_lookup_by_uuid('x', 'a' x 16) });
    L('conn nonobj _lookup_by_uuid_string', sub { Sys::Virt::Network::_lookup_by_uuid_string('x', 'a' x 36) });
    L('conn nonobj _create_xml', sub { Sys::Virt::Network::_create_xml('x', netxml('q')) });
    L('conn nonobj _define_xml', sub { Sys::Virt::Network::_define_xml({}, netxml('q'), 0) });
    L('conn nonobj get_network_by_name', sub { Sys::Virt::get_network_by_name('x', 'n2') });
    L('conn nonobj list_networks', sub { Sys::Virt::list_networks('x') });
    # Objects of the wrong class: the reference takes the number inside as a pointer.
    my $dom = $conn->get_domain_by_name('test');
    my $n2 = $conn->get_network_by_name('n2');
    UNSAFE('wrong class: get_name on a domain', sub { Sys::Virt::Network::get_name($dom) });
    UNSAFE('wrong class: get_bridge_name on a blessed 0', sub {
        Sys::Virt::Network::get_bridge_name(bless(\(my $x = 0), 'Sys::Virt::NetworkPort')) });
    UNSAFE('wrong class: port get_uuid_string on a network', sub { Sys::Virt::NetworkPort::get_uuid_string($n2) });
    UNSAFE('wrong class: _lookup_by_name on a domain', sub { Sys::Virt::Network::_lookup_by_name($dom, 'n2') });
    UNSAFE('wrong class: port _create_xml on a connection', sub { Sys::Virt::NetworkPort::_create_xml($conn, '<networkport/>') });
    # destroy and DESTROY take the pointer out of whatever they are given: the reference
    # dies with libvirt's error 36 or crashes, depending on what that is.
    for my $inv (['string', sub { 'x' }], ['undef', sub { undef }], ['hashref', sub { {} }],
                 ['class', sub { 'Sys::Virt::Network' }]) {
        my ($k, $v) = @$inv;
        UNSAFE("nonobj destroy $k", sub { Sys::Virt::Network::destroy($v->()) });
        UNSAFE("nonobj DESTROY $k", sub { Sys::Virt::Network::DESTROY($v->()); 'returned' });
        UNSAFE("port nonobj DESTROY $k", sub { Sys::Virt::NetworkPort::DESTROY($v->()); 'returned' });
    }
}

# ---------------------------------------------------------------- lifetime and DESTROY
{
    my $keep;
    {
        my $c = Sys::Virt->new(uri => $uri);
        $keep = $c->define_network(netxml('life', bridge => 'svbrl'));
    }
    L('outlive name', sub { $keep->get_name });
    L('outlive bridge', sub { $keep->get_bridge_name });
    L('outlive create+destroy', sub { $keep->create; $keep->destroy; 'ok' });
    L('outlive undefine', sub { $keep->undefine });
    undef $keep;

    my $net = $conn->get_network_by_name('n2');
    print "before DESTROY: reftype=", reftype($net), " nonzero=", ($$net ? 1 : 0), "\n";
    L('DESTROY', sub { $net->DESTROY });
    print "after DESTROY: value=", $$net, "\n";
    L('get_name after DESTROY', sub { $net->get_name });
    L('is_active after DESTROY', sub { $net->is_active });
    L('DESTROY again', sub { $net->DESTROY });
    L('DESTROY usage', sub { &Sys::Virt::Network::DESTROY() });
    undef $net;
    L('n2 still there', sub { $conn->get_network_by_name('n2')->get_name });
    L('two handles equal uuid', sub {
        my ($a, $b) = map { $conn->get_network_by_name('n2') } 1, 2;
        ($a->get_uuid eq $b->get_uuid ? 1 : 0, $$a == $$b ? 'same' : 'distinct');
    });
}

# ---------------------------------------------------------------- test:///default's network
{
    my $c = Sys::Virt->new(uri => 'test:///default');
    my ($def) = L('default lookup', sub { $c->get_network_by_name('default') });
    L('default names', sub { $c->list_network_names(10) });
    L('default uuid', sub { $def->get_uuid_string });
    L('default uuid hex', sub { unpack 'H*', $def->get_uuid });
    L('default active persistent autostart', sub { ($def->is_active, $def->is_persistent, $def->get_autostart) });
    L('default bridge', sub { $def->get_bridge_name });
    L('default xml', sub { $def->get_xml_description });
    L('default leases', sub { $def->get_dhcp_leases });
    L('default ports', sub { $def->list_all_ports });
    L('default create_port', sub { $def->create_port($portxml) });
    L('default get_port_by_uuid', sub { $def->get_port_by_uuid('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee') });
    L('default by uuid', sub { $c->get_network_by_uuid($def->get_uuid) });
}

print "END\n";
