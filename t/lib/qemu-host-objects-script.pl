#!/usr/bin/perl
# Secrets, network filters and their bindings, node devices and interfaces on the real
# libvirtd started by tools/libvirtd.sh (what the test driver lacks or answers "not
# supported"): defines a secret, sets and reads binary values (NUL bytes included), looks it
# up by UUID and by usage, lists and undefines it; defines a filter, looks it up, binds it to
# a port device and unbinds it; lists the host's node devices with their parents,
# capabilities and XML; lists the host's interfaces.
#
#   perl t/lib/qemu-host-objects-script.pl NAME SECUUID FLTUUID PORTDEV
#
# t/67-qemu-host-objects.t runs it with whichever Sys::Virt is in @INC and, when the
# reference is installed, once more with the reference, and compares the outputs line by
# line; so it prints only what must be the same for both, with this run's names shown as
# NAME, SECUUID, FLTUUID and PORTDEV. The daemon is shared: only what this run made is
# counted in lists. Everything it made is removed at the end, also when it dies half-way.

use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use Sys::Virt;
use Probe;

print STDERR "Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
$| = 1;

my ($NAME, $SECUUID, $FLTUUID, $PORTDEV) = @ARGV;
die "usage: $0 NAME SECUUID FLTUUID PORTDEV\n"
    unless defined $PORTDEV && $NAME =~ /\A[\w-]+\z/ && $PORTDEV =~ /\A[\w-]{1,15}\z/;
# A second secret, without a usage; t/67 removes it too if left behind.
my $BAREUUID = 'eeeeeeee-0067-4000-8000-' . substr($SECUUID =~ s/-//gr, 0, 12);

Probe::configure(
    script  => __FILE__,
    rewrite => sub {
        for my $u ([$SECUUID, 'SECUUID'], [$FLTUUID, 'FLTUUID'], [$BAREUUID, 'BAREUUID']) {
            my ($uuid, $as) = @$u;
            (my $hex = $uuid) =~ s/-//g;
            $_[0] =~ s/\Q$uuid\E/$as/gi;
            $_[0] =~ s/\Q$hex\E/$as-HEX/gi;
        }
        $_[0] =~ s/\b\Q$NAME\E\b/NAME/g;
        $_[0] =~ s/\Q$PORTDEV\E/PORTDEV/g;
    },
    named => ['Sys::Virt::Secret' => 'get_uuid_string', 'Sys::Virt::NWFilter' => 'get_name',
              'Sys::Virt::NWFilterBinding' => 'get_port_dev', 'Sys::Virt::NodeDevice' => 'get_name',
              'Sys::Virt::Interface' => 'get_name'],
    error => 'plain',
);

my $conn;
my $USAGE = "/var/lib/libvirt/images/$NAME.img";
my $FILTER = $NAME;

sub cleanup {
    return unless $conn;
    if (my $b = eval { $conn->get_nwfilter_binding_by_port_dev($PORTDEV) }) { eval { $b->delete } }
    if (my $f = eval { $conn->get_nwfilter_by_name($FILTER) }) { eval { $f->undefine } }
    for my $u ($SECUUID, $BAREUUID) {
        if (my $s = eval { $conn->get_secret_by_uuid($u) }) { eval { $s->undefine } }
    }
}
END { my $st = $?; cleanup(); $? = $st }
$SIG{INT} = $SIG{TERM} = sub { cleanup(); exit 1 };

$conn = Sys::Virt->new(uri => 'qemu:///system');
my $rawuuid = sub { my $h = $_[0]; $h =~ s/-//g; pack 'H*', $h };
my $hex = sub { join '', map { sprintf '%02x', ord } split //, $_[0] };

# ---------------------------------------------------------------- secrets
my $SXML = "<secret ephemeral='no' private='no'><uuid>$SECUUID</uuid><description>Sys::Virt t/67</description>"
    . "<usage type='volume'><volume>$USAGE</volume></usage></secret>";
my ($sec) = L('define_secret', sub { $conn->define_secret($SXML) });
L('define_secret again (same uuid)', sub { $conn->define_secret($SXML) });
L('define_secret validate', sub { $conn->define_secret($SXML, Sys::Virt::Secret::DEFINE_VALIDATE()) });
L('define_secret bogus validate', sub { $conn->define_secret("<secret><bogus/></secret>", Sys::Virt::Secret::DEFINE_VALIDATE()) });
L('define_secret malformed', sub { $conn->define_secret('<secret') });
L('define_secret same usage other uuid', sub {
    $conn->define_secret("<secret><uuid>ffffffff-ffff-4fff-8fff-ffffffffffff</uuid><usage type='volume'><volume>$USAGE</volume></usage></secret>") });
L('get_uuid_string', sub { $sec->get_uuid_string });
L('get_uuid hex', sub { $hex->($sec->get_uuid) });
L('get_usage_type', sub { $sec->get_usage_type });
L('get_usage_id', sub { $sec->get_usage_id });
L('get_xml_description', sub { $sec->get_xml_description });
L('get_xml_description flags', sub { $sec->get_xml_description(0) });
L('get_value before set', sub { $sec->get_value });
L('set_value empty', sub { $sec->set_value('') });
L('set_value undef', sub { $sec->set_value(undef) });
my $BIN = join '', map { chr } 0 .. 255;
L('set_value binary', sub { $sec->set_value("\0$BIN\0tail\0") });
L('get_value binary hex', sub { $hex->($sec->get_value) });
L('get_value binary length', sub { length $sec->get_value });
L('get_value binary equal', sub { $sec->get_value eq "\0$BIN\0tail\0" ? 'equal' : 'differs' });
L('get_value flags', sub { length $sec->get_value(0) });
L('set_value one NUL', sub { $sec->set_value("\0") });
L('get_value one NUL', sub { $hex->($sec->get_value) });
L('set_value text', sub { $sec->set_value('passphrase') });
L('get_value text', sub { $sec->get_value });
S('get_value scalar', sub { $sec->get_value });
{
    my $wide = "\x{263A}x";
    L('set_value wide', sub { $sec->set_value($wide) });
    L('get_value after wide', sub { $hex->($sec->get_value) });
    my $up = "caf\x{e9}";
    utf8::upgrade($up);
    L('set_value upgraded latin1', sub { $sec->set_value($up) });
    L('get_value after upgraded', sub { $hex->($sec->get_value) });
    L('set_value number', sub { $sec->set_value(12.5) });
    L('get_value after number', sub { $sec->get_value });
    my $big = "\xAB" x 65536;
    L('set_value 64 KiB', sub { $sec->set_value($big) });
    L('get_value 64 KiB', sub { my $v = $sec->get_value; (length $v, $v eq $big ? 'equal' : 'differs') });
}
{
    # Values whose reading runs Perl code: ours copies them (and zeroes the copy after).
    package My::TiedValue;
    sub TIESCALAR { my ($c, $v) = @_; bless { v => $v, n => 0 }, $c }
    sub FETCH { my $s = shift; $s->{n}++; $s->{v} }
    sub STORE { }
    package My::DyingValue;
    sub TIESCALAR { bless {}, shift }
    sub FETCH { die "no value today\n" }
    package My::OverloadedValue;
    use overload '""' => sub { ${ $_[0] } }, fallback => 1;
    package main;
    tie my $tv, 'My::TiedValue', "ti\0ed\xff";
    L('set_value tied', sub { $sec->set_value($tv) });
    L('tied value fetches', sub { (tied $tv)->{n} });
    L('get_value after tied', sub { $hex->($sec->get_value) });
    my $ov = bless \(my $x = "ov\0er"), 'My::OverloadedValue';
    L('set_value overloaded', sub { $sec->set_value($ov) });
    L('get_value after overloaded', sub { $hex->($sec->get_value) });
    tie my $dv, 'My::DyingValue';
    L('set_value dying fetch', sub { $sec->set_value($dv) });
    L('get_value after dying fetch', sub { $hex->($sec->get_value) });
    tie my $tf, 'My::TiedValue', 0;
    L('set_value tied flags', sub { $sec->set_value('flags', $tf) });
    L('get_value tied flags', sub { $sec->get_value($tf) });
}
L('set_value usage', sub { $sec->set_value() });
L('get_value usage', sub { $sec->get_value(0, 0) });
L('set_value bad flags', sub { $sec->set_value('x', 1 << 10) });
L('get_value bad flags', sub { $sec->get_value(1 << 10) });
L('by uuid 36', sub { $conn->get_secret_by_uuid($SECUUID) });
L('by uuid 36 upper', sub { $conn->get_secret_by_uuid(uc $SECUUID) });
L('by uuid 32', sub { (my $h = $SECUUID) =~ s/-//g; $conn->get_secret_by_uuid($h) });
L('by uuid raw', sub { $conn->get_secret_by_uuid($rawuuid->($SECUUID)) });
L('by uuid missing', sub { $conn->get_secret_by_uuid('00000000-0000-4000-8000-000000000067') });
L('by uuid invalid', sub { $conn->get_secret_by_uuid('z' x 36) });
L('by uuid short', sub { $conn->get_secret_by_uuid('abc') });
L('by usage', sub { $conn->get_secret_by_usage(Sys::Virt::Secret::USAGE_TYPE_VOLUME(), $USAGE) });
L('by usage value length', sub { length $conn->get_secret_by_usage(Sys::Virt::Secret::USAGE_TYPE_VOLUME(), $USAGE)->get_value });
L('by usage wrong type', sub { $conn->get_secret_by_usage(Sys::Virt::Secret::USAGE_TYPE_CEPH(), $USAGE) });
L('by usage missing', sub { $conn->get_secret_by_usage(Sys::Virt::Secret::USAGE_TYPE_VOLUME(), "$USAGE.none") });
L('by usage type 99', sub { $conn->get_secret_by_usage(99, $USAGE) });
L('by usage string type', sub { $conn->get_secret_by_usage('1', $USAGE) });
L('list_secret_uuids has it', sub { scalar grep { lc $_ eq lc $SECUUID } $conn->list_secret_uuids($conn->num_of_secrets) });
L('list_secrets has it', sub { scalar grep { $_->get_uuid_string eq $SECUUID } $conn->list_secrets });
L('list_all_secrets has it', sub { scalar grep { $_->get_uuid_string eq $SECUUID } $conn->list_all_secrets });
L('list_all_secrets classes', sub { my %c = map { ref($_) => 1 } $conn->list_all_secrets; sort keys %c });
for my $f (qw(LIST_EPHEMERAL LIST_NO_EPHEMERAL LIST_PRIVATE LIST_NO_PRIVATE)) {
    no strict 'refs';
    my $v = &{"Sys::Virt::Secret::$f"}();
    L("list_all_secrets $f has it", sub { scalar grep { $_->get_uuid_string eq $SECUUID } $conn->list_all_secrets($v) });
}
L('num_of_secrets positive', sub { $conn->num_of_secrets > 0 ? 'yes' : 'no' });
{
    # A secret without a usage: the reference takes USAGE_TYPE_NONE (0) for a failure.
    my $u2 = $BAREUUID;
    my ($bare) = L('define bare secret', sub {
        $conn->define_secret("<secret ephemeral='yes' private='yes'><uuid>$u2</uuid></secret>") });
    if ($bare) {
        L('bare get_usage_type', sub { $bare->get_usage_type });
        L('bare get_usage_id', sub { $bare->get_usage_id });
        L('bare set_value', sub { $bare->set_value("k\0y") });
        L('bare get_value (private)', sub { $bare->get_value });
        L('bare list_all_secrets PRIVATE|EPHEMERAL has it', sub {
            scalar grep { $_->get_uuid_string eq $u2 }
                $conn->list_all_secrets(Sys::Virt::Secret::LIST_PRIVATE() | Sys::Virt::Secret::LIST_EPHEMERAL()) });
        L('bare undefine', sub { $bare->undefine });
    }
}
{
    my $keep;
    { my $c = Sys::Virt->new(uri => 'qemu:///system'); $keep = $c->get_secret_by_uuid($SECUUID); }
    L('outlived connection get_value', sub { $keep->get_value });
}
L('undefine', sub { $sec->undefine });
L('undefine again', sub { $sec->undefine });
L('get_value after undefine', sub { $sec->get_value });
L('set_value after undefine', sub { $sec->set_value('x') });
L('uuid after undefine', sub { $sec->get_uuid_string });
L('by uuid after undefine', sub { $conn->get_secret_by_uuid($SECUUID) });
L('by usage after undefine', sub { $conn->get_secret_by_usage(Sys::Virt::Secret::USAGE_TYPE_VOLUME(), $USAGE) });

# ---------------------------------------------------------------- network filters
my $FXML = "<filter name='$FILTER' chain='ipv4'><uuid>$FLTUUID</uuid>"
    . "<rule action='drop' direction='out' priority='500'><tcp dstportstart='25'/></rule></filter>";
my ($flt) = L('define_nwfilter', sub { $conn->define_nwfilter($FXML) });
L('define_nwfilter again', sub { $conn->define_nwfilter($FXML) });
L('define_nwfilter validate', sub { $conn->define_nwfilter($FXML, Sys::Virt::NWFilter::DEFINE_VALIDATE()) });
L('define_nwfilter bogus validate', sub { $conn->define_nwfilter("<filter name='$FILTER-b' chain='root'><bogus/></filter>", Sys::Virt::NWFilter::DEFINE_VALIDATE()) });
L('define_nwfilter malformed', sub { $conn->define_nwfilter('<filter') });
L('define_nwfilter undef', sub { $conn->define_nwfilter(undef) });
L('filter get_name', sub { $flt->get_name });
L('filter get_uuid_string', sub { $flt->get_uuid_string });
L('filter get_uuid hex', sub { $hex->($flt->get_uuid) });
L('filter get_xml_description', sub { $flt->get_xml_description });
L('filter get_xml_description flags', sub { $flt->get_xml_description(0) });
L('filter by name', sub { $conn->get_nwfilter_by_name($FILTER) });
L('filter by name missing', sub { $conn->get_nwfilter_by_name("$FILTER-none") });
L('filter by uuid 36', sub { $conn->get_nwfilter_by_uuid($FLTUUID) });
L('filter by uuid 32', sub { (my $h = $FLTUUID) =~ s/-//g; $conn->get_nwfilter_by_uuid($h) });
L('filter by uuid raw', sub { $conn->get_nwfilter_by_uuid($rawuuid->($FLTUUID)) });
L('filter by uuid missing', sub { $conn->get_nwfilter_by_uuid('00000000-0000-4000-8000-000000000067') });
L('filter by uuid bad', sub { $conn->get_nwfilter_by_uuid('abc') });
L('list_nwfilter_names has it', sub { scalar grep { $_ eq $FILTER } $conn->list_nwfilter_names($conn->num_of_nwfilters) });
L('list_nwfilters has it', sub { scalar grep { $_->get_name eq $FILTER } $conn->list_nwfilters });
L('list_all_nwfilters has it', sub { scalar grep { $_->get_name eq $FILTER } $conn->list_all_nwfilters });
L('list_all_nwfilters bad flags', sub { $conn->list_all_nwfilters(1 << 10) });

my $BXML = "<filterbinding><owner><name>$NAME</name><uuid>$SECUUID</uuid></owner>"
    . "<portdev name='$PORTDEV'/><mac address='52:54:00:67:00:01'/><filterref filter='$FILTER'/></filterbinding>";
my ($bnd) = L('create_nwfilter_binding', sub { $conn->create_nwfilter_binding($BXML) });
L('create_nwfilter_binding again', sub { $conn->create_nwfilter_binding($BXML) });
L('create_nwfilter_binding malformed', sub { $conn->create_nwfilter_binding('<filterbinding') });
L('create_nwfilter_binding bogus validate', sub { $conn->create_nwfilter_binding('<filterbinding><bogus/></filterbinding>', Sys::Virt::NWFilterBinding::CREATE_VALIDATE()) });
L('binding get_port_dev', sub { $bnd->get_port_dev });
L('binding get_filter_name', sub { $bnd->get_filter_name });
L('binding get_xml_description', sub { $bnd->get_xml_description });
L('binding get_xml_description flags', sub { $bnd->get_xml_description(0) });
L('binding by port dev', sub { $conn->get_nwfilter_binding_by_port_dev($PORTDEV) });
L('binding by port dev missing', sub { $conn->get_nwfilter_binding_by_port_dev("${PORTDEV}x") });
L('list_all_nwfilter_bindings has it', sub { scalar grep { $_->get_port_dev eq $PORTDEV } $conn->list_all_nwfilter_bindings });
L('undefine filter in use', sub { $flt->undefine });
L('binding delete', sub { $bnd->delete });
L('binding delete again', sub { $bnd->delete });
L('binding port dev after delete', sub { $bnd->get_port_dev });
L('binding by port dev after delete', sub { $conn->get_nwfilter_binding_by_port_dev($PORTDEV) });
L('list_all_nwfilter_bindings after delete', sub { scalar grep { $_->get_port_dev eq $PORTDEV } $conn->list_all_nwfilter_bindings });
L('filter undefine', sub { $flt->undefine });
L('filter undefine again', sub { $flt->undefine });
L('filter name after undefine', sub { $flt->get_name });
L('filter by name after undefine', sub { $conn->get_nwfilter_by_name($FILTER) });

# ---------------------------------------------------------------- node devices (the host's own)
my @devs = sort { $a->get_name cmp $b->get_name } $conn->list_all_node_devices;
L('node devices some', sub { @devs > 0 ? 'yes' : 'no' });
L('node devices names', sub { join ',', map { $_->get_name } @devs });
L('list_node_device_names', sub { join ',', sort $conn->list_node_device_names(undef, $conn->num_of_node_devices(undef)) });
L('list_node_devices', sub { join ',', sort map { $_->get_name } $conn->list_node_devices });
L('computer parent', sub { $conn->get_node_device_by_name('computer')->get_parent });
S('computer parent scalar', sub { $conn->get_node_device_by_name('computer')->get_parent });
for my $dev (@devs) {
    my $n = $dev->get_name;
    L("$n parent", sub { $dev->get_parent });
    L("$n caps", sub { $dev->list_capabilities });
    L("$n caps in xml", sub { my @c = $dev->get_xml_description =~ /^  <capability type='([^']+)'/mg; @c });
    L("$n xml name", sub { $dev->get_xml_description =~ m{<name>([^<]*)</name>} });
    L("$n active persistent", sub { ($dev->is_active, $dev->is_persistent) });
    L("$n autostart", sub { $dev->get_autostart });
}
my %cap;
for my $dev (@devs) { $cap{$_}++ for $dev->list_capabilities }
for my $c (sort keys %cap) {
    L("num_of_node_devices $c", sub { $conn->num_of_node_devices($c) });
    L("list_node_devices $c", sub { join ',', sort map { $_->get_name } $conn->list_node_devices($c) });
}
for my $f (qw(LIST_CAP_SYSTEM LIST_CAP_PCI_DEV LIST_CAP_NET LIST_CAP_STORAGE LIST_ACTIVE LIST_INACTIVE)) {
    no strict 'refs';
    my $v = &{"Sys::Virt::NodeDevice::$f"}();
    L("list_all_node_devices $f", sub { join ',', sort map { $_->get_name } $conn->list_all_node_devices($v) });
}
L('by name missing', sub { $conn->get_node_device_by_name('nope') });
L('scsihost_by_wwn missing', sub { $conn->get_node_device_scsihost_by_wwn('2000000012341267', '1000000012341267') });
L('create_node_device malformed', sub { $conn->create_node_device('<device') });
L('define_node_device no parent', sub { $conn->define_node_device("<device><name>$NAME</name><capability type='mdev'><type id='x'/></capability></device>") });

# ---------------------------------------------------------------- interfaces (the host's own)
my @ifs = sort { $a->get_name cmp $b->get_name } $conn->list_all_interfaces;
L('interfaces', sub { join ',', map { $_->get_name } @ifs });
L('list_interface_names', sub { join ',', sort $conn->list_interface_names($conn->num_of_interfaces) });
L('list_defined_interface_names', sub { join ',', sort $conn->list_defined_interface_names($conn->num_of_defined_interfaces) });
L('list_interfaces', sub { join ',', sort map { $_->get_name } $conn->list_interfaces });
L('list_defined_interfaces', sub { join ',', sort map { $_->get_name } $conn->list_defined_interfaces });
for my $if (@ifs) {
    my $n = $if->get_name;
    L("$n mac", sub { $if->get_mac });
    L("$n active", sub { $if->is_active });
    L("$n xml", sub { $if->get_xml_description });
    L("$n by name", sub { $conn->get_interface_by_name($n) });
    L("$n by mac", sub { $conn->get_interface_by_mac($if->get_mac)->get_mac });
}
L('list_all_interfaces ACTIVE', sub { join ',', sort map { $_->get_name } $conn->list_all_interfaces(Sys::Virt::Interface::LIST_ACTIVE()) });
L('list_all_interfaces INACTIVE', sub { join ',', sort map { $_->get_name } $conn->list_all_interfaces(Sys::Virt::Interface::LIST_INACTIVE()) });
L('define_interface', sub { $conn->define_interface("<interface type='ethernet' name='$PORTDEV'><mac address='52:54:00:67:00:02'/></interface>") });
L('interface_change_begin', sub { $conn->interface_change_begin });
L('interface_change_rollback', sub { $conn->interface_change_rollback });

cleanup();
print "END\n";
