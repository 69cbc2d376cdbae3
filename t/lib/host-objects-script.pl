#!/usr/bin/perl
# The host-object calls of Sys::Virt on test:///default: interfaces and node devices (which
# the test driver has), the secret and filter calls (which it answers "not supported"),
# and the arguments every class's methods refuse. t/54-host-objects.t runs it once with the
# reference Sys::Virt (the XS module) and once with ours and compares the outputs line by
# line, so everything printed here must be the same for both: no addresses, and no orders
# libvirt leaves open (the test driver lists node devices in a random order: names are
# sorted).
#
# Two kinds of lines are intended to differ, with the prefixes of t/lib/Probe.pm:
#   "NUL LABEL [ARG]: ..."  a string argument with a NUL byte inside;
#   "UNSAFE LABEL: ..."     calls the reference does not survive, or where it takes a pointer
#                           out of something that is not its handle, run in a child.

use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use B ();
use Scalar::Util qw(reftype);
use Sys::Virt;
use Probe;

print STDERR "Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
$| = 1;

Probe::configure(
    script => __FILE__,
    named  => ['Sys::Virt::Interface' => 'get_name', 'Sys::Virt::NodeDevice' => 'get_name',
               'Sys::Virt::Secret' => 'get_uuid_string', 'Sys::Virt::NWFilter' => 'get_name',
               'Sys::Virt::NWFilterBinding' => 'get_port_dev'],
);

my %CLASS = (
    Interface       => [qw(_new _define_xml _lookup_by_name _lookup_by_mac get_name get_mac
                           is_active get_xml_description create destroy undefine DESTROY)],
    NodeDevice      => [qw(_new _create_xml _define_xml _lookup_by_name _lookup_scsihost_by_wwn
                           get_name get_parent get_xml_description dettach reattach reset
                           list_capabilities destroy create undefine get_autostart
                           set_autostart is_active is_persistent DESTROY)],
    Secret          => [qw(_new _define_xml _lookup_by_usage _lookup_by_uuid
                           _lookup_by_uuid_string get_uuid get_uuid_string get_usage_type
                           get_usage_id get_xml_description get_value set_value undefine
                           DESTROY)],
    NWFilter        => [qw(_new _define_xml _lookup_by_name _lookup_by_uuid
                           _lookup_by_uuid_string get_name get_uuid get_uuid_string
                           get_xml_description undefine DESTROY)],
    NWFilterBinding => [qw(_new _create_xml _lookup_by_port_dev get_port_dev get_filter_name
                           get_xml_description delete DESTROY)],
);
my @CONN = qw(num_of_interfaces list_interfaces num_of_defined_interfaces
              list_defined_interfaces list_interface_names list_defined_interface_names
              list_all_interfaces get_interface_by_name get_interface_by_mac define_interface
              create_interface interface_change_begin interface_change_commit
              interface_change_rollback list_node_devices list_node_device_names
              num_of_node_devices list_all_node_devices get_node_device_by_name
              get_node_device_scsihost_by_wwn create_node_device define_node_device
              num_of_secrets list_secrets list_secret_uuids list_all_secrets get_secret_by_uuid
              get_secret_by_usage define_secret num_of_nwfilters list_nwfilters
              list_nwfilter_names list_all_nwfilters get_nwfilter_by_name get_nwfilter_by_uuid
              define_nwfilter list_all_nwfilter_bindings get_nwfilter_binding_by_port_dev
              create_nwfilter_binding);

# ---------------------------------------------------------------- constants and subs
{
    no strict 'refs';
    for my $c (sort keys %CLASS) {
        my $p = "Sys::Virt::$c";
        my @all = sort grep { defined &{"${p}::$_"} } keys %{"${p}::"};
        my @consts = grep { my $pr = prototype("${p}::$_"); defined $pr && $pr eq '' } @all;
        print "consts $p: ", join(',', map { "$_=" . &{"${p}::$_"}() } @consts), "\n";
        print "all subs $p: ", join(',', @all), "\n";
        print "ISA $p: ", join(',', @{"${p}::ISA"}), "\n";
        for my $m (@{ $CLASS{$c} }) {
            my $n = "${p}::$m";
            my $kind = !defined &$n ? 'none' : B::svref_2object(\&$n)->XSUB ? 'XS' : 'PERL';
            print "sub $n: $kind proto ", show(defined &$n ? prototype(\&$n) : undef), "\n";
        }
    }
    for my $m (@CONN) {
        my $n = "Sys::Virt::$m";
        my $kind = !defined &$n ? 'none' : B::svref_2object(\&$n)->XSUB ? 'XS' : 'PERL';
        print "sub $n: $kind proto ", show(defined &$n ? prototype(\&$n) : undef), "\n";
    }
    # The usage message of every XSUB called without arguments.
    for my $n ((map { my $c = $_; map { "Sys::Virt::${c}::$_" } @{ $CLASS{$c} } } sort keys %CLASS),
               map { "Sys::Virt::$_" } @CONN) {
        next unless defined &$n && B::svref_2object(\&$n)->XSUB;
        L("usage $n", sub { &$n() });
    }
}

unless (defined &Sys::Virt::Interface::get_name && defined &Sys::Virt::num_of_interfaces) {
    print STDERR "this Sys::Virt ($INC{'Sys/Virt.pm'}) has no Sys::Virt::Interface\n";
    exit 2;
}

my $conn = Sys::Virt->new(uri => 'test:///default');

# ---------------------------------------------------------------- interfaces
my $IXML = sub { "<interface type='ethernet' name='$_[0]'><mac address='$_[1]'/></interface>" };
L('num_of_interfaces', sub { $conn->num_of_interfaces });
L('num_of_defined_interfaces', sub { $conn->num_of_defined_interfaces });
for my $max (0, 1, 10, undef, 'abc', '2') {
    L('list_interface_names ' . show($max), sub { $conn->list_interface_names($max) });
    L('list_defined_interface_names ' . show($max), sub { $conn->list_defined_interface_names($max) });
}
S('list_interface_names scalar', sub { $conn->list_interface_names(10) });
L('list_interface_names usage', sub { $conn->list_interface_names() });
L('list_interfaces', sub { $conn->list_interfaces });
S('list_interfaces scalar', sub { $conn->list_interfaces });
L('list_defined_interfaces', sub { $conn->list_defined_interfaces });
L('list_all_interfaces', sub { $conn->list_all_interfaces });
S('list_all_interfaces scalar', sub { $conn->list_all_interfaces });
for my $f (0, Sys::Virt::Interface::LIST_ACTIVE(), Sys::Virt::Interface::LIST_INACTIVE(), 3, 1 << 10, undef, -1) {
    L('list_all_interfaces ' . show($f), sub { $conn->list_all_interfaces($f) });
}
L('list_all_interfaces usage', sub { $conn->list_all_interfaces(0, 0) });
my ($eth1) = L('by name eth1', sub { $conn->get_interface_by_name('eth1') });
L('by name missing', sub { $conn->get_interface_by_name('nope') });
L('by name empty', sub { $conn->get_interface_by_name('') });
L('by name undef', sub { $conn->get_interface_by_name(undef) });
L('by name none', sub { $conn->get_interface_by_name() });
L('by mac', sub { $conn->get_interface_by_mac('aa:bb:cc:dd:ee:ff') });
L('by mac upper', sub { $conn->get_interface_by_mac('AA:BB:CC:DD:EE:FF') });
L('by mac missing', sub { $conn->get_interface_by_mac('00:00:00:00:00:01') });
L('by mac bogus', sub { $conn->get_interface_by_mac('xyz') });
L('by mac undef', sub { $conn->get_interface_by_mac(undef) });
L('get_name', sub { $eth1->get_name });
L('get_mac', sub { $eth1->get_mac });
L('is_active', sub { $eth1->is_active });
for my $f (0, undef, Sys::Virt::Interface::XML_INACTIVE(), 2, 'abc', -1) {
    L('get_xml_description ' . show($f), sub { $eth1->get_xml_description($f) });
}
for my $m (qw(get_name get_mac is_active undefine)) {
    L("$m usage", sub { $eth1->$m(1) });
}
L('get_xml_description usage', sub { $eth1->get_xml_description(0, 0) });
L('create usage', sub { $eth1->create(0, 0) });
L('destroy usage', sub { $eth1->destroy(0, 0) });
L('_define_xml usage', sub { &Sys::Virt::Interface::_define_xml($conn) });
L('_lookup_by_mac usage', sub { &Sys::Virt::Interface::_lookup_by_mac($conn) });

my ($e9) = L('define eth9', sub { $conn->define_interface($IXML->('eth9', 'aa:bb:cc:dd:ee:09')) });
L('define eth9 again', sub { $conn->define_interface($IXML->('eth9', 'aa:bb:cc:dd:ee:09')) });
L('define validate', sub { $conn->define_interface($IXML->('eth7', 'aa:bb:cc:dd:ee:07'), Sys::Virt::Interface::DEFINE_VALIDATE()) });
L('define validate bogus', sub { $conn->define_interface("<interface type='ethernet' name='bad'><bogus/></interface>", Sys::Virt::Interface::DEFINE_VALIDATE()) });
L('define bad flags', sub { $conn->define_interface($IXML->('eth6', 'aa:bb:cc:dd:ee:06'), 1 << 10) });
L('define flags undef', sub { $conn->define_interface($IXML->('eth5', 'aa:bb:cc:dd:ee:05'), undef) });
L('define malformed', sub { $conn->define_interface('<interface') });
L('define wrong root', sub { $conn->define_interface('<foo/>') });
L('define undef', sub { $conn->define_interface(undef) });
L('define empty', sub { $conn->define_interface('') });
L('create_interface eth8', sub { $conn->create_interface($IXML->('eth8', 'aa:bb:cc:dd:ee:08')) });
L('create_interface flags ignored', sub { $conn->create_interface($IXML->('eth4', 'aa:bb:cc:dd:ee:04'), 1 << 10) });
L('num_of_defined_interfaces after', sub { $conn->num_of_defined_interfaces });
L('list_defined_interface_names sorted', sub { sort $conn->list_defined_interface_names(10) });
L('list_defined_interfaces sorted', sub { names($conn->list_defined_interfaces) });
L('list_all_interfaces INACTIVE', sub { names($conn->list_all_interfaces(Sys::Virt::Interface::LIST_INACTIVE())) });
L('eth9 is_active', sub { $e9->is_active });
L('eth9 create', sub { $e9->create });
L('eth9 create again', sub { $e9->create });
L('eth9 is_active after create', sub { $e9->is_active });
L('eth9 create flags', sub { $e9->create(1 << 10) });
L('eth9 destroy', sub { $e9->destroy });
L('eth9 destroy again', sub { $e9->destroy });
L('eth9 destroy flags', sub { $e9->destroy(1 << 10) });
L('eth9 xml', sub { $e9->get_xml_description });
L('eth9 undefine', sub { $e9->undefine });
L('eth9 undefine again', sub { $e9->undefine });
L('eth9 name after undefine', sub { $e9->get_name });
L('eth9 lookup after undefine', sub { $conn->get_interface_by_name('eth9') });
L('change_begin', sub { $conn->interface_change_begin });
L('change_begin again', sub { $conn->interface_change_begin });
L('define in transaction', sub { $conn->define_interface($IXML->('eth3', 'aa:bb:cc:dd:ee:03')) });
L('change_rollback', sub { $conn->interface_change_rollback });
L('eth3 after rollback', sub { $conn->get_interface_by_name('eth3') });
L('change_rollback again', sub { $conn->interface_change_rollback });
L('change_commit none', sub { $conn->interface_change_commit });
L('change_begin flags', sub { $conn->interface_change_begin(1) });
L('change_begin 0', sub { $conn->interface_change_begin(0) });
L('change_commit', sub { $conn->interface_change_commit(0) });
L('change_commit usage', sub { $conn->interface_change_commit(0, 0) });
L('_new by name', sub { Sys::Virt::Interface->_new(connection => $conn, name => 'eth1') });
L('_new by mac', sub { Sys::Virt::Interface->_new(connection => $conn, mac => 'aa:bb:cc:dd:ee:ff') });
L('_new name wins', sub { Sys::Virt::Interface->_new(connection => $conn, name => 'eth1', mac => 'x') });
L('_new nothing', sub { Sys::Virt::Interface->_new(connection => $conn) });
L('_new no connection', sub { Sys::Virt::Interface->_new(name => 'eth1') });
L('_new subclass', sub { @My::If::ISA = ('Sys::Virt::Interface'); My::If->_new(connection => $conn, name => 'eth1') });
L('_lookup_by_name unblessed', sub { my $r = Sys::Virt::Interface::_lookup_by_name($conn, 'eth1'); (ref($r), reftype($r)) });

# ---------------------------------------------------------------- node devices
L('num_of_node_devices undef', sub { $conn->num_of_node_devices(undef) });
for my $cap ('scsi_host', 'system', '', 'pci', 'bogus') {
    L("num_of_node_devices $cap", sub { $conn->num_of_node_devices($cap) });
    L("list_node_device_names $cap", sub { sort $conn->list_node_device_names($cap, 10) });
}
L('num_of_node_devices flags', sub { $conn->num_of_node_devices(undef, 1) });
L('num_of_node_devices usage', sub { $conn->num_of_node_devices() });
L('list_node_device_names undef', sub { sort $conn->list_node_device_names(undef, 10) });
L('list_node_device_names undef 1 count', sub { scalar(my @l = $conn->list_node_device_names(undef, 1)) });
L('list_node_device_names 0', sub { $conn->list_node_device_names(undef, 0) });
L('list_node_device_names flags', sub { $conn->list_node_device_names(undef, 10, 1) });
L('list_node_device_names usage', sub { $conn->list_node_device_names(undef) });
UNSAFE('list_node_device_names -1', sub { $conn->list_node_device_names(undef, -1) });
L('list_node_devices', sub { names($conn->list_node_devices) });
L('list_node_devices scsi_host', sub { names($conn->list_node_devices('scsi_host')) });
L('list_node_devices none', sub { names($conn->list_node_devices('pci')) });
S('list_node_devices scalar', sub { $conn->list_node_devices });
L('list_all_node_devices', sub { names($conn->list_all_node_devices) });
L('list_all_node_devices count', sub { scalar(my @l = $conn->list_all_node_devices) });
for my $f (qw(LIST_CAP_SYSTEM LIST_CAP_SCSI_HOST LIST_CAP_PCI_DEV LIST_CAP_FC_HOST LIST_ACTIVE LIST_INACTIVE)) {
    no strict 'refs';
    my $v = &{"Sys::Virt::NodeDevice::$f"}();
    L("list_all_node_devices $f", sub { names($conn->list_all_node_devices($v)) });
}
L('list_all_node_devices bogus flag', sub { $conn->list_all_node_devices(1 << 29) });
L('list_all_node_devices usage', sub { $conn->list_all_node_devices(0, 0) });
my ($computer) = L('by name computer', sub { $conn->get_node_device_by_name('computer') });
my ($sh1) = L('by name scsi_host1', sub { $conn->get_node_device_by_name('scsi_host1') });
L('by name missing', sub { $conn->get_node_device_by_name('nope') });
L('by name undef', sub { $conn->get_node_device_by_name(undef) });
for my $d (qw(computer scsi_host1 scsi_host2 scsi_host11)) {
    my $dev = $conn->get_node_device_by_name($d);
    L("$d get_name", sub { $dev->get_name });
    L("$d get_parent", sub { $dev->get_parent });
    S("$d get_parent scalar", sub { $dev->get_parent });
    L("$d list_capabilities", sub { $dev->list_capabilities });
    S("$d list_capabilities scalar", sub { $dev->list_capabilities });
    L("$d xml", sub { $dev->get_xml_description });
}
L('get_xml_description flags', sub { $sh1->get_xml_description(1) });
L('get_xml_description undef', sub { $sh1->get_xml_description(undef) });
L('dettach undef', sub { $sh1->dettach(undef) });
L('dettach vfio', sub { $sh1->dettach('vfio') });
L('dettach undef flags', sub { $sh1->dettach(undef, 1) });
L('dettach usage', sub { $sh1->dettach() });
L('reattach', sub { $sh1->reattach });
L('reset', sub { $sh1->reset });
L('reattach usage', sub { $sh1->reattach(1) });
L('create', sub { $sh1->create });
L('create flags', sub { $sh1->create(1) });
L('undefine', sub { $sh1->undefine });
L('undefine usage', sub { $sh1->undefine(0, 0) });
L('get_autostart', sub { $sh1->get_autostart });
L('set_autostart', sub { $sh1->set_autostart(1) });
L('set_autostart usage', sub { $sh1->set_autostart() });
L('is_active', sub { $sh1->is_active });
L('is_persistent', sub { $sh1->is_persistent });
L('scsihost_by_wwn', sub { $conn->get_node_device_scsihost_by_wwn('2000000012341234', '1000000012341234') });
L('_lookup_scsihost_by_wwn flags', sub { Sys::Virt::NodeDevice::_lookup_scsihost_by_wwn($conn, 'a', 'b', 0) });
L('_lookup_scsihost_by_wwn usage', sub { &Sys::Virt::NodeDevice::_lookup_scsihost_by_wwn($conn, 'a') });
my $vhba = "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>"
    . "<wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn></capability></capability></device>";
L('create_node_device vHBA', sub { $conn->create_node_device($vhba) });
L('create_node_device validate', sub { $conn->create_node_device($vhba, Sys::Virt::NodeDevice::CREATE_XML_VALIDATE()) });
L('create_node_device malformed', sub { $conn->create_node_device('<device') });
L('create_node_device undef', sub { $conn->create_node_device(undef) });
L('define_node_device', sub { $conn->define_node_device($vhba) });
L('define_node_device validate', sub { $conn->define_node_device($vhba, Sys::Virt::NodeDevice::DEFINE_XML_VALIDATE()) });
L('_new nothing', sub { Sys::Virt::NodeDevice->_new(connection => $conn) });
L('_new wwnn', sub { Sys::Virt::NodeDevice->_new(connection => $conn, wwnn => 'a', wwpn => 'b', flags => 0) });
L('scsi_host11 destroy', sub { $conn->get_node_device_by_name('scsi_host11')->destroy });
L('scsi_host11 after destroy', sub { $conn->get_node_device_by_name('scsi_host11') });
L('destroy usage', sub { $sh1->destroy(0) });

# ---------------------------------------------------------------- secrets and filters (not in the test driver)
my $SXML = "<secret ephemeral='no' private='no'><usage type='volume'><volume>/v</volume></usage></secret>";
my $U = '00112233-4455-6677-8899-aabbccddeeff';
my $RAW = pack 'H*', do { (my $h = $U) =~ s/-//g; $h };
L('num_of_secrets', sub { $conn->num_of_secrets });
L('list_secret_uuids', sub { $conn->list_secret_uuids(10) });
L('list_secret_uuids usage', sub { $conn->list_secret_uuids() });
L('list_secrets', sub { $conn->list_secrets });
L('list_all_secrets', sub { $conn->list_all_secrets });
L('list_all_secrets flags', sub { $conn->list_all_secrets(Sys::Virt::Secret::LIST_PRIVATE()) });
L('define_secret', sub { $conn->define_secret($SXML) });
L('define_secret flags', sub { $conn->define_secret($SXML, Sys::Virt::Secret::DEFINE_VALIDATE()) });
L('define_secret undef', sub { $conn->define_secret(undef) });
L('secret by uuid 36', sub { $conn->get_secret_by_uuid($U) });
L('secret by uuid 32', sub { (my $h = $U) =~ s/-//g; $conn->get_secret_by_uuid($h) });
L('secret by uuid raw', sub { $conn->get_secret_by_uuid($RAW) });
L('secret by uuid short', sub { $conn->get_secret_by_uuid('abc') });
L('secret by uuid undef', sub { $conn->get_secret_by_uuid(undef) });
L('secret by usage', sub { $conn->get_secret_by_usage(Sys::Virt::Secret::USAGE_TYPE_VOLUME(), '/v') });
L('secret by usage undef id', sub { $conn->get_secret_by_usage(1, undef) });
L('secret by usage abc type', sub { $conn->get_secret_by_usage('abc', '/v') });
L('secret _new only usageID', sub { Sys::Virt::Secret->_new(connection => $conn, usageID => '/v') });
L('secret _new only usageType', sub { Sys::Virt::Secret->_new(connection => $conn, usageType => 1) });
L('secret _new nothing', sub { Sys::Virt::Secret->_new(connection => $conn) });
L('secret _lookup_by_usage usage', sub { &Sys::Virt::Secret::_lookup_by_usage($conn, 1) });
UNSAFE('secret _lookup_by_uuid short', sub { Sys::Virt::Secret::_lookup_by_uuid($conn, 'abc') });
NUL('secret _lookup_by_uuid_string raw', 'uuid', sub { Sys::Virt::Secret::_lookup_by_uuid_string($conn, $RAW) });
L('num_of_nwfilters', sub { $conn->num_of_nwfilters });
L('list_nwfilter_names', sub { $conn->list_nwfilter_names(10) });
L('list_nwfilters', sub { $conn->list_nwfilters });
L('list_all_nwfilters', sub { $conn->list_all_nwfilters });
L('list_all_nwfilters usage', sub { $conn->list_all_nwfilters(0, 0) });
L('define_nwfilter', sub { $conn->define_nwfilter("<filter name='f1' chain='root'/>") });
L('define_nwfilter flags', sub { $conn->define_nwfilter("<filter name='f1' chain='root'/>", Sys::Virt::NWFilter::DEFINE_VALIDATE()) });
L('nwfilter by name', sub { $conn->get_nwfilter_by_name('f1') });
L('nwfilter by uuid', sub { $conn->get_nwfilter_by_uuid($U) });
L('nwfilter by uuid raw', sub { $conn->get_nwfilter_by_uuid($RAW) });
L('nwfilter by uuid bad', sub { $conn->get_nwfilter_by_uuid('abcd') });
L('nwfilter _new nothing', sub { Sys::Virt::NWFilter->_new(connection => $conn) });
UNSAFE('nwfilter _lookup_by_uuid short', sub { Sys::Virt::NWFilter::_lookup_by_uuid($conn, 'abc') });
L('list_all_nwfilter_bindings', sub { $conn->list_all_nwfilter_bindings });
L('binding by port dev', sub { $conn->get_nwfilter_binding_by_port_dev('vnet0') });
L('binding by port dev undef', sub { $conn->get_nwfilter_binding_by_port_dev(undef) });
L('create_nwfilter_binding', sub { $conn->create_nwfilter_binding('<filterbinding/>') });
L('create_nwfilter_binding flags', sub { $conn->create_nwfilter_binding('<filterbinding/>', Sys::Virt::NWFilterBinding::CREATE_VALIDATE()) });
L('binding _new nothing', sub { Sys::Virt::NWFilterBinding->_new(connection => $conn) });

# ---------------------------------------------------------------- NUL bytes (intended differences)
NUL('interface by name', 'name', sub { $conn->get_interface_by_name("eth1\0x") });
NUL('interface by mac', 'mac', sub { $conn->get_interface_by_mac("aa:bb:cc:dd:ee:ff\0x") });
NUL('define_interface', 'xml', sub { $conn->define_interface($IXML->('eth2', 'aa:bb:cc:dd:ee:02') . "\0<junk") });
NUL('node device by name', 'name', sub { $conn->get_node_device_by_name("computer\0x") });
NUL('num_of_node_devices cap', 'cap', sub { $conn->num_of_node_devices("scsi_host\0x") });
NUL('list_node_device_names cap', 'cap', sub { sort $conn->list_node_device_names("scsi_host\0x", 10) });
NUL('create_node_device', 'xml', sub { $conn->create_node_device("$vhba\0junk") });
NUL('scsihost_by_wwn', 'wwnn', sub { $conn->get_node_device_scsihost_by_wwn("20\0x", '10') });
NUL('dettach driver', 'driversv', sub { $sh1->dettach("vfio\0x") });
NUL('secret by usage', 'usageID', sub { $conn->get_secret_by_usage(1, "/v\0x") });
NUL('define_secret', 'xml', sub { $conn->define_secret("$SXML\0junk") });
NUL('nwfilter by name', 'name', sub { $conn->get_nwfilter_by_name("f1\0x") });
NUL('binding by port dev', 'name', sub { $conn->get_nwfilter_binding_by_port_dev("vnet0\0x") });
# what the reference made of the cut XML (an interface eth2) is not printed
if (my $cut = eval { $conn->get_interface_by_name('eth2') }) { eval { $cut->undefine } }
L('after NUL: interfaces', sub { names($conn->list_all_interfaces) });

# ---------------------------------------------------------------- non-object invocants
{
    no strict 'refs';
    my %args = (
        'Interface::get_xml_description' => [0], 'Interface::create' => [0],
        'NodeDevice::dettach' => [undef], 'NodeDevice::set_autostart' => [1],
        'NodeDevice::get_xml_description' => [0], 'NodeDevice::create' => [0],
        'NodeDevice::undefine' => [0], 'Secret::set_value' => ['v'],
        'Secret::get_value' => [0], 'Secret::get_xml_description' => [0],
        'NWFilter::get_xml_description' => [0], 'NWFilterBinding::get_xml_description' => [0],
    );
    for my $c (sort keys %CLASS) {
        for my $m (grep { !/\A_|\ADESTROY\z|\Adestroy\z/ } @{ $CLASS{$c} }) {
            my $f = "Sys::Virt::${c}::$m";
            my @a = @{ $args{"${c}::$m"} // [] };
            L("nonobj $c $m string", sub { &$f('x', @a) });
            S("nonobj $c $m string scalar", sub { &$f('x', @a) });
            L("nonobj $c $m undef", sub { &$f(undef, @a) });
            L("nonobj $c $m hashref", sub { &$f({}, @a) });
            L("nonobj $c $m class", sub { "Sys::Virt::$c"->$m(@a) });
        }
    }
    for my $m (qw(num_of_interfaces num_of_defined_interfaces list_all_interfaces
                  interface_change_begin interface_change_commit interface_change_rollback
                  list_all_node_devices num_of_secrets list_all_secrets num_of_nwfilters
                  list_all_nwfilters list_all_nwfilter_bindings)) {
        my $f = "Sys::Virt::$m";
        L("conn nonobj $m", sub { &$f('x') });
        L("conn nonobj $m hashref", sub { &$f({}) });
    }
    for my $m (qw(list_interface_names list_defined_interface_names list_secret_uuids list_nwfilter_names)) {
        my $f = "Sys::Virt::$m";
        L("conn nonobj $m", sub { &$f('x', 1) });
    }
    L('conn nonobj num_of_node_devices', sub { Sys::Virt::num_of_node_devices('x', undef) });
    L('conn nonobj list_node_device_names', sub { Sys::Virt::list_node_device_names('x', undef, 1) });
    L('conn nonobj get_interface_by_name', sub { Sys::Virt::get_interface_by_name('x', 'eth1') });
    L('conn nonobj list_interfaces', sub { Sys::Virt::list_interfaces('x') });
    L('conn nonobj _lookup_by_name', sub { Sys::Virt::Interface::_lookup_by_name('x', 'eth1') });
    L('conn nonobj _define_xml', sub { Sys::Virt::Interface::_define_xml({}, '<interface/>', 0) });
    L('conn nonobj node _lookup_by_name', sub { Sys::Virt::NodeDevice::_lookup_by_name('x', 'computer') });
    L('conn nonobj node _create_xml', sub { Sys::Virt::NodeDevice::_create_xml('x', $vhba) });
    L('conn nonobj secret _lookup_by_usage', sub { Sys::Virt::Secret::_lookup_by_usage('x', 1, '/v') });
    L('conn nonobj secret _define_xml', sub { Sys::Virt::Secret::_define_xml('x', $SXML) });
    L('conn nonobj nwfilter _lookup_by_name', sub { Sys::Virt::NWFilter::_lookup_by_name('x', 'f1') });
    L('conn nonobj binding _create_xml', sub { Sys::Virt::NWFilterBinding::_create_xml('x', '<filterbinding/>') });
    # Objects of the wrong class: the reference takes the number inside as a pointer.
    my $dom = $conn->get_domain_by_name('test');
    UNSAFE('wrong class: interface get_name on a domain', sub { Sys::Virt::Interface::get_name($dom) });
    UNSAFE('wrong class: node get_name on an interface', sub { Sys::Virt::NodeDevice::get_name($eth1) });
    UNSAFE('wrong class: secret get_value on a node device', sub { Sys::Virt::Secret::get_value($computer) });
    UNSAFE('wrong class: interface _lookup_by_name on a domain', sub { Sys::Virt::Interface::_lookup_by_name($dom, 'eth1') });
    UNSAFE('wrong class: blessed 0', sub { Sys::Virt::NWFilter::get_name(bless(\(my $x = 0), 'Sys::Virt::NWFilter')) });
    # destroy and DESTROY take the pointer out of whatever they are given.
    for my $inv (['string', sub { 'x' }], ['undef', sub { undef }], ['hashref', sub { {} }]) {
        my ($k, $v) = @$inv;
        UNSAFE("nonobj interface destroy $k", sub { Sys::Virt::Interface::destroy($v->()) });
        UNSAFE("nonobj node destroy $k", sub { Sys::Virt::NodeDevice::destroy($v->()) });
        for my $c (sort keys %CLASS) {
            UNSAFE("nonobj $c DESTROY $k", sub { &{"Sys::Virt::${c}::DESTROY"}($v->()); 'returned' });
        }
    }
}

# ---------------------------------------------------------------- lifetime and DESTROY
{
    my $keep;
    {
        my $c = Sys::Virt->new(uri => 'test:///default');
        $keep = $c->get_node_device_by_name('scsi_host2');
    }
    L('outlive parent', sub { $keep->get_parent });
    L('outlive caps', sub { $keep->list_capabilities });
    my $if = $conn->get_interface_by_name('eth1');
    print "before DESTROY: reftype=", reftype($if), " nonzero=", ($$if ? 1 : 0), "\n";
    L('DESTROY', sub { $if->DESTROY });
    print "after DESTROY: value=", $$if, "\n";
    L('get_name after DESTROY', sub { $if->get_name });
    L('get_mac after DESTROY', sub { $if->get_mac });
    L('DESTROY again', sub { $if->DESTROY });
    L('DESTROY usage', sub { &Sys::Virt::Interface::DESTROY() });
    my $dev = $conn->get_node_device_by_name('computer');
    L('node DESTROY', sub { $dev->DESTROY });
    L('node get_parent after DESTROY', sub { $dev->get_parent });
    L('node caps after DESTROY', sub { $dev->list_capabilities });
    L('eth1 still there', sub { $conn->get_interface_by_name('eth1')->get_mac });
}

print "END\n";
