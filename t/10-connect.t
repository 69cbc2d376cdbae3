#!/usr/bin/perl
# Every connection method of Sys::Virt, against libvirt's in-process test driver.
# test:///default is only read here; what changes state uses a private test:///FILE.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use Scalar::Util qw(blessed reftype);
use Sys::Hostname ();
use Sys::Virt;
use FindBin;
use lib "$FindBin::Bin/lib";
use TestDriver qw(private_uri warnings_of virt_error_ok usage_ok reference_outcome
                  expect_as_reference xml_error_style malformed_domain_message);

my $FILE = __FILE__;

my $URI = private_uri();
my $tmp = tempdir(CLEANUP => 1);

#### new

my $conn = Sys::Virt->new(uri => 'test:///default');
isa_ok($conn, 'Sys::Virt');
is(reftype($conn), 'SCALAR', 'a connection is a blessed scalar reference');
is(ref(Sys::Virt->new(address => 'test:///default')), 'Sys::Virt', 'address works as uri');
is(ref($conn->new(uri => 'test:///default')), 'Sys::Virt', '$conn->new gives a Sys::Virt');
{
    package My::Virt;
    our @ISA = ('Sys::Virt');
}
is(ref(My::Virt->new(uri => 'test:///default')), 'My::Virt', 'a subclass gets its own class');

{
    local $ENV{LIBVIRT_DEFAULT_URI} = 'test:///default';
    my $c = Sys::Virt->new();
    is($c->get_uri, 'test:///default', 'no uri: LIBVIRT_DEFAULT_URI is used');
    $c = Sys::Virt->new(uri => undef);
    is($c->get_uri, 'test:///default', 'uri => undef: LIBVIRT_DEFAULT_URI is used');
}

virt_error_ok(sub { Sys::Virt->new(uri => 'not a uri') }, 1, 45, 'unparsable uri',
              qr/^internal error: Unable to parse URI not a uri$/);
{
    # libxml2 prints an I/O warning straight to stderr; keep the test output clean.
    open(my $saved, '>&', \*STDERR) or die;
    open(STDERR, '>', '/dev/null') or die;
    my $err = eval { Sys::Virt->new(uri => "test://$tmp/missing.xml"); 1 } ? undef : $@;
    open(STDERR, '>&', $saved) or die;
    ok(blessed($err) && $err->isa('Sys::Virt::Error'), 'missing test driver file dies with an error object');
    # libvirt's answer: as the reference's on the same libvirt, else by libvirt's version
    # (27/12, an XML error of the test driver, up to 9.0; 38/0, a system error, in 11.3).
    my $ref = reference_outcome(q{open STDERR, '>', '/dev/null'; Sys::Virt->new(uri => "test://$_[0]")},
                                "$tmp/missing.xml");
    my $want = expect_as_reference($ref, sub { "$_[0]{code}/$_[0]{domain}" }, sub {
        my $style = xml_error_style();
        !defined $style ? qr{\A(?:27/12|38/0)\z} : $style eq 'old' ? qr{\A27/12\z} : qr{\A38/0\z} });
    like(eval { $err->{code} . '/' . $err->{domain} }, $want,
         'missing file: the error libvirt gives (' . ($ref ? 'as the reference' : 'by its version') . ')');
}

my $ro = Sys::Virt->new(uri => 'test:///default', readonly => 1);
isa_ok($ro, 'Sys::Virt', 'read-only connection');

#### plain information

is($conn->get_uri, 'test:///default', 'get_uri');
is($conn->get_type, 'TEST', 'get_type');

my $host = $conn->get_hostname;
my $sys_host = Sys::Hostname::hostname();
ok($host eq $sys_host || index($host, "$sys_host.") == 0 || index($sys_host, "$host.") == 0,
   "get_hostname ($host) is this machine ($sys_host)");

is($conn->get_version, 2, 'get_version: 2 on the test driver');
my $libver = $conn->get_library_version;
like($libver, qr/^\d+$/, 'get_library_version is a number');
cmp_ok($libver, '>=', 1_000_000, 'get_library_version is at least 1.0.0');
is($libver, Sys::Virt::_get_library_version(1), 'the test driver runs in this libvirt');
my $pc = `pkg-config --modversion libvirt 2>/dev/null`;
chomp $pc if defined $pc;
SKIP: {
    skip 'pkg-config does not know libvirt', 1 unless defined $pc && $pc =~ /^(\d+)\.(\d+)\.(\d+)/;
    is($libver, $1 * 1_000_000 + $2 * 1000 + $3, "get_library_version matches pkg-config ($pc)");
}
is($conn->get_major_version, 0, 'get_major_version of 2');
is($conn->get_minor_version, 0, 'get_minor_version of 2');
is($conn->get_micro_version, 2, 'get_micro_version of 2');

is($conn->is_alive, 1, 'is_alive');
is($conn->is_secure, 1, 'is_secure');
is($conn->is_encrypted, 0, 'is_encrypted');

my $caps = $conn->get_capabilities;
like($caps, qr/^<capabilities>/, 'get_capabilities starts with <capabilities>');
like($caps, qr{</capabilities>\s*$}, 'and ends with </capabilities>');

my $ni = $conn->get_node_info;
is(ref $ni, 'HASH', 'get_node_info gives a hash reference');
is_deeply($ni, { cores => 2, cpus => 16, memory => 3145728, mhz => 1400, model => 'i686',
                 nodes => 2, sockets => 2, threads => 2 }, 'get_node_info keys and values');
is(scalar(my @ni = $conn->get_node_info), 1, 'get_node_info: one value in list context');

is($conn->get_max_vcpus('test'), 32, 'get_max_vcpus(test)');
is($conn->get_max_vcpus('kvm'), 32, 'get_max_vcpus(kvm)');
{
    my ($w, $n) = warnings_of { $conn->get_max_vcpus(undef) };
    is($n, 32, 'get_max_vcpus(undef)');
    is(scalar @$w, 1, 'get_max_vcpus(undef) warns once');
    like($w->[0], qr/^Use of uninitialized value in subroutine entry at \Q$FILE\E line \d+\.$/,
         'uninitialized warning');
}
usage_ok(sub { $conn->get_max_vcpus }, 'Sys::Virt::get_max_vcpus(con, type)', 'get_max_vcpus()');

is($conn->get_node_free_memory, 3145728, 'get_node_free_memory');

is_deeply([$conn->get_node_cells_free_memory(0, 1)], [2097152, 4194304], 'cells 0..1');
is_deeply([$conn->get_node_cells_free_memory(0, 0)], [2097152], 'cells 0..0');
is_deeply([$conn->get_node_cells_free_memory(1, 1)], [4194304], 'cells 1..1');
is_deeply([$conn->get_node_cells_free_memory(1, 5)], [4194304], 'cells 1..5: only those that exist');
is_deeply([$conn->get_node_cells_free_memory(0, 10)], [2097152, 4194304], 'cells 0..10');
is(scalar($conn->get_node_cells_free_memory(0, 1)), 4194304, 'scalar context: the last cell');
virt_error_ok(sub { $conn->get_node_cells_free_memory(2, 1) }, 8, 20, 'cells 2..1',
              qr/^maxCells in virNodeGetCellsFreeMemory must be greater than zero$/);
virt_error_ok(sub { $conn->get_node_cells_free_memory(-1, 1) }, 8, 20, 'cells -1..1',
              qr/^startCell in virNodeGetCellsFreeMemory must be zero or greater$/);
usage_ok(sub { $conn->get_node_cells_free_memory(0) },
         'Sys::Virt::get_node_cells_free_memory(con, start, end)', 'get_node_cells_free_memory(0)');

#### domains

is($conn->num_of_domains, 1, 'num_of_domains');
is($conn->num_of_defined_domains, 0, 'num_of_defined_domains');

my @doms = $conn->list_all_domains;
is(scalar @doms, 1, 'list_all_domains: one domain');
isa_ok($doms[0], 'Sys::Virt::Domain');
is($doms[0]->get_name, 'test', 'list_all_domains: test');
is(ref(scalar $conn->list_all_domains), 'Sys::Virt::Domain', 'list_all_domains in scalar context: the last one');
is_deeply([$conn->list_all_domains(Sys::Virt::Domain::LIST_INACTIVE)], [], 'LIST_INACTIVE: none');
is(scalar($conn->list_all_domains(Sys::Virt::Domain::LIST_INACTIVE)), undef, 'none, in scalar context: undef');
is(scalar(my @act = $conn->list_all_domains(Sys::Virt::Domain::LIST_ACTIVE)), 1, 'LIST_ACTIVE: one');
virt_error_ok(sub { $conn->list_all_domains(1 << 30) }, 8, 12, 'list_all_domains(1<<30)',
              qr/^unsupported flags \(0x40000000\) in function testConnectListAllDomains$/);

@doms = $conn->list_domains;
is(scalar @doms, 1, 'list_domains: one');
is($doms[0]->get_name, 'test', 'list_domains: test');
is(scalar($conn->list_domains), 1, 'list_domains in scalar context: the count');
is_deeply([$conn->list_defined_domains], [], 'list_defined_domains: none');
is(scalar($conn->list_defined_domains), 0, 'list_defined_domains in scalar context: 0');

is_deeply([$conn->list_domain_ids(10)], [1], 'list_domain_ids(10)');
is(scalar($conn->list_domain_ids(10)), 1, 'list_domain_ids in scalar context: the last id');
is_deeply([$conn->list_domain_ids(0)], [], 'list_domain_ids(0)');
is(scalar($conn->list_domain_ids(0)), undef, 'list_domain_ids(0) in scalar context: undef');
is_deeply([$conn->list_defined_domain_names(10)], [], 'list_defined_domain_names(10): none');
is(scalar($conn->list_defined_domain_names(10)), undef, 'list_defined_domain_names in scalar context: undef');
usage_ok(sub { $conn->list_domain_ids }, 'Sys::Virt::list_domain_ids(con, maxids)', 'list_domain_ids()');
usage_ok(sub { $conn->list_defined_domain_names },
         'Sys::Virt::list_defined_domain_names(con, maxnames)', 'list_defined_domain_names()');

# define_domain and create_domain on a private driver state.
{
    my $c = Sys::Virt->new(uri => $URI);
    is($c->get_uri, $URI, 'private test driver: get_uri');
    my $xml = "<domain type='test'><name>t2</name>"
            . "<uuid>11111111-2222-3333-4444-555555555555</uuid>"
            . "<memory>8192</memory><os><type>hvm</type></os></domain>";
    my @r = $c->define_domain($xml);
    is(scalar @r, 1, 'define_domain returns one value');
    isa_ok($r[0], 'Sys::Virt::Domain', 'define_domain');
    is($r[0]->get_name, 't2', 'defined domain: name');
    is($r[0]->is_active, 0, 'defined domain is not running');
    is($c->num_of_defined_domains, 1, 'num_of_defined_domains: 1');
    is_deeply([$c->list_defined_domain_names(10)], ['t2'], 'list_defined_domain_names');
    is_deeply([map { $_->get_name } $c->list_defined_domains], ['t2'], 'list_defined_domains');
    is(scalar($c->list_defined_domains), 1, 'list_defined_domains in scalar context: 1');
    is(scalar(my @all = $c->list_all_domains), 2, 'list_all_domains: both domains');

    my $t3 = "<domain type='test'><name>t3</name><memory>8192</memory><os><type>hvm</type></os></domain>";
    my $d3 = $c->create_domain($t3);
    isa_ok($d3, 'Sys::Virt::Domain', 'create_domain');
    is($d3->is_active, 1, 'created domain runs');
    is($d3->is_persistent, 0, 'created domain is transient');
    is($c->num_of_domains, 2, 'num_of_domains: 2');
    is_deeply([sort { $a <=> $b } $c->list_domain_ids(10)], [1, $d3->get_id], 'list_domain_ids: both');
    is(scalar($c->list_domains), 2, 'list_domains in scalar context: 2');

    # Flags: false values count as 0 without a warning in the Perl wrappers.
    my ($w) = warnings_of { $c->define_domain($xml, undef) };
    is_deeply($w, [], 'define_domain($xml, undef): no warning');
    virt_error_ok(sub { $c->define_domain($xml, 1 << 30) }, 8, 12, 'define_domain with bad flags',
                  qr/testDomainDefineXMLFlags$/);
    virt_error_ok(sub { $c->create_domain($t3, 1 << 30) }, 8, 12, 'create_domain with bad flags',
                  qr/testDomainCreateXML$/);
    virt_error_ok(sub { $c->define_domain('<domain') }, 35, 20, 'define_domain of malformed XML',
                  malformed_domain_message());
    virt_error_ok(sub { $c->create_domain($t3) }, 9, 20, 'create_domain of a running name',
                  qr/^operation failed: domain 't3' already exists with uuid /);
}

# Read-only connection: lists work, changes are refused.
is(scalar(my @rl = $ro->list_all_domains), 1, 'read-only: list_all_domains works');
virt_error_ok(sub { $ro->define_domain("<domain type='test'><name>x</name></domain>") }, 29, 20,
              'read-only define_domain', qr/^operation forbidden: read only access prevents virDomainDefineXML$/);
virt_error_ok(sub { $ro->create_domain("<domain type='test'><name>x</name></domain>") }, 29, 20,
              'read-only create_domain', qr/^operation forbidden: read only access prevents virDomainCreateXML$/);
{
    my $c = Sys::Virt->new(uri => 'test:///default', flags => Sys::Virt::CONNECT_RO);
    virt_error_ok(sub { $c->define_domain("<domain type='test'><name>x</name></domain>") }, 29, 20,
                  'flags => CONNECT_RO is read-only too');
}

#### constants

my %cred = (CRED_USERNAME => 1, CRED_AUTHNAME => 2, CRED_LANGUAGE => 3, CRED_CNONCE => 4,
            CRED_PASSPHRASE => 5, CRED_ECHOPROMPT => 6, CRED_NOECHOPROMPT => 7, CRED_REALM => 8,
            CRED_EXTERNAL => 9, CONNECT_RO => 1, CONNECT_NO_ALIASES => 2);
for my $name (sort keys %cred) {
    no strict 'refs';
    is(&{"Sys::Virt::$name"}(), $cred{$name}, "Sys::Virt::$name is $cred{$name}");
}

#### non-object first argument: a warning and undef, no die

for my $m (qw(get_uri get_type get_hostname get_capabilities get_node_info num_of_domains
              num_of_defined_domains get_node_free_memory list_all_domains)) {
    no strict 'refs';
    my ($w, @r) = warnings_of { &{"Sys::Virt::$m"}('x') };
    is_deeply(\@r, [undef], "Sys::Virt::$m('x') returns one undef");
    is(scalar @$w, 1, "Sys::Virt::$m('x') warns once");
    like($w->[0], qr/^Sys::Virt::$m\(\) -- con is not a blessed SV reference at \Q$FILE\E line \d+\.$/,
         "Sys::Virt::$m('x') warning");
}
for my $m (qw(is_alive is_secure is_encrypted)) {
    no strict 'refs';
    my ($w, @r) = warnings_of { &{"Sys::Virt::$m"}(undef) };
    is_deeply(\@r, [undef], "Sys::Virt::$m(undef) returns undef");
    like($w->[0], qr/^Sys::Virt::$m\(\) -- conn is not a blessed SV reference at \Q$FILE\E line \d+\.$/,
         "Sys::Virt::$m names its argument conn");
}
{
    my ($w, $r) = warnings_of { scalar Sys::Virt::get_uri({}) };
    is($r, undef, 'an unblessed reference: undef');
    like($w->[0], qr/^Sys::Virt::get_uri\(\) -- con is not a blessed SV reference/, 'an unblessed reference warns');
}
{
    # Plain arguments are converted (and warn) before the object is checked.
    my ($w) = warnings_of { Sys::Virt::list_domain_ids('x', 'abc') };
    is(scalar @$w, 2, 'list_domain_ids("x", "abc"): two warnings');
    like($w->[0], qr/^Argument "abc" isn't numeric in subroutine entry/, 'first the numeric one');
    like($w->[1], qr/^Sys::Virt::list_domain_ids\(\) -- con is not a blessed SV reference/, 'then the object one');
}
{
    my ($w, $v) = warnings_of { Sys::Virt->get_version };
    is($v, undef, 'Sys::Virt->get_version: undef');
    like($w->[0], qr/^Sys::Virt::_get_conn_version\(\) -- con is not a blessed SV reference/,
         'Sys::Virt->get_version warns from _get_conn_version');
    ($w, $v) = warnings_of { Sys::Virt->get_library_version };
    is($v, undef, 'Sys::Virt->get_library_version: undef');
    like($w->[0], qr/^Sys::Virt::_get_conn_library_version\(\) -- con is not a blessed SV reference/,
         'Sys::Virt->get_library_version warns');
}
eval { Sys::Virt::get_version() };
like($@, qr/^Usage: Sys::Virt::_get_library_version\(void\) at .*Sys\/Virt\.pm line \d+\.$/,
     'Sys::Virt::get_version() dies with the usage of _get_library_version');
is(Sys::Virt::_get_library_version('anything'), $libver, '_get_library_version(x)');

#### usage messages

my %usage = (
    get_uri => 'con', get_type => 'con', get_hostname => 'con', is_alive => 'conn',
    is_secure => 'conn', is_encrypted => 'conn', get_capabilities => 'con',
    get_node_info => 'con', get_max_vcpus => 'con, type', get_node_free_memory => 'con',
    get_node_cells_free_memory => 'con, start, end', list_all_domains => 'con, flags=0',
    list_domain_ids => 'con, maxids', list_defined_domain_names => 'con, maxnames',
    num_of_domains => 'con', num_of_defined_domains => 'con', _get_conn_version => 'con',
    _get_conn_library_version => 'con', _get_library_version => 'void', _open => 'name, flags',
);
for my $m (sort keys %usage) {
    no strict 'refs';
    my $text = "Sys::Virt::$m($usage{$m})";
    usage_ok(sub { &{"Sys::Virt::$m"}() }, $text, "$m with no arguments");
    usage_ok(sub { &{"Sys::Virt::$m"}(($conn) x 20) }, $text, "$m with 20 arguments");
}

done_testing;
