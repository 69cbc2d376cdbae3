#!/usr/bin/perl
# Sys::Virt::Domain: lookups, information, life cycle, scheduler and jobs, with their
# failures, on a private test driver state (test:///FILE).
use strict;
use warnings;
use Test::More;
use Scalar::Util qw(blessed reftype);
use Sys::Virt;
use FindBin;
use lib "$FindBin::Bin/lib";
use TestDriver qw(private_uri TEST_UUID warnings_of virt_error_ok usage_ok reference_outcome
                  expect_as_reference libvirt_message_re malformed_domain_message);

my $FILE = __FILE__;
my $UUID = TEST_UUID;

# Action methods return nothing: an empty list, undef in scalar context.
sub returns_nothing {
    my ($code, $name) = @_;
    my @r = $code->();
    is_deeply(\@r, [], "$name returns an empty list");
}

my $URI = private_uri();

my $conn = Sys::Virt->new(uri => $URI);

#### lookups

my $dom = $conn->get_domain_by_name('test');
isa_ok($dom, 'Sys::Virt::Domain');
is(reftype($dom), 'SCALAR', 'a domain is a blessed scalar reference');
is($dom->get_name, 'test', 'get_name');
is($dom->get_id, 1, 'get_id');
is($dom->get_uuid_string, $UUID, 'get_uuid_string');
my $raw = $dom->get_uuid;
is(length $raw, 16, 'get_uuid: 16 bytes');
is(unpack('H*', $raw), join('', split /-/, $UUID), 'get_uuid: the raw bytes');

(my $uuid32 = $UUID) =~ s/-//g;
is($conn->get_domain_by_uuid($raw)->get_name, 'test', 'get_domain_by_uuid(16 raw bytes)');
is($conn->get_domain_by_uuid($UUID)->get_name, 'test', 'get_domain_by_uuid(36 characters)');
is($conn->get_domain_by_uuid($uuid32)->get_name, 'test', 'get_domain_by_uuid(32 characters)');
is($conn->get_domain_by_uuid(uc $UUID)->get_name, 'test', 'get_domain_by_uuid(upper case)');
eval { $conn->get_domain_by_uuid('abcde') };
like($@, qr/^UUID must be either 16 unsigned bytes, or 32\/36 hex characters long at .*Domain\.pm line \d+\.\n\z/,
     'get_domain_by_uuid of a bad length dies with a plain message');
{
    my ($w) = warnings_of { eval { $conn->get_domain_by_uuid(undef) } };
    like($@, qr/^UUID must be either 16 unsigned bytes/, 'get_domain_by_uuid(undef) dies the same way');
    is(scalar @$w, 3, 'after three warnings');
    # perl's words: as the reference's (same Perl code, same perl), else by perl's version
    # (5.40 names the expression, length($params{"uuid"}); 5.36 the variable)
    my $ref = reference_outcome(q{Sys::Virt->new(uri => 'test:///default')->get_domain_by_uuid(undef)});
    (my $got = $w->[0] // '') =~ s/ at \S+ line \d+\.\n\z//;
    like($got, expect_as_reference($ref, sub { $_[0]{warnings}[0] }, sub {
             my $var = qr/\$params\{"uuid"\}/;
             $] < 5.038 ? qr/\AUse of uninitialized value $var in numeric eq \(==\)\z/
           : $] < 5.040 ? qr/\AUse of uninitialized value (?:length\($var\)|$var) in numeric eq \(==\)\z/
           :              qr/\AUse of uninitialized value length\($var\) in numeric eq \(==\)\z/ }),
         'naming $params{"uuid"}');
}
virt_error_ok(sub { $conn->get_domain_by_uuid('z' x 36) }, 8, 20, 'get_domain_by_uuid of non-hex', qr/^Invalid UUID$/);
virt_error_ok(sub { $conn->get_domain_by_uuid('00000000-0000-0000-0000-000000000001') }, 42, 12,
              'get_domain_by_uuid of an unknown uuid', qr/^Domain not found$/);

is($conn->get_domain_by_id(1)->get_name, 'test', 'get_domain_by_id(1)');
virt_error_ok(sub { $conn->get_domain_by_id(99) }, 42, 12, 'get_domain_by_id(99)', qr/^Domain not found$/);
virt_error_ok(sub { $conn->get_domain_by_id(-1) }, 8, 20, 'get_domain_by_id(-1)',
              qr/^id in virDomainLookupByID must be zero or greater$/);
{
    my ($w) = warnings_of {
        virt_error_ok(sub { $conn->get_domain_by_id('abc') }, 42, 12, "get_domain_by_id('abc')");
    };
    like($w->[0], qr/^Argument "abc" isn't numeric in subroutine entry at .*Domain\.pm line \d+\.$/,
         "get_domain_by_id('abc') warns");
}
virt_error_ok(sub { $conn->get_domain_by_name('nope') }, 42, 12, "get_domain_by_name('nope')", qr/^Domain not found$/);
{
    my ($w) = warnings_of {
        virt_error_ok(sub { $conn->get_domain_by_name(undef) }, 42, 12, 'get_domain_by_name(undef)');
    };
    like($w->[0], qr/^Use of uninitialized value in subroutine entry at .*Domain\.pm line \d+\.$/,
         'get_domain_by_name(undef) warns');
}

#### _new

eval { Sys::Virt::Domain->_new(name => 'test') };
like($@, qr/^connection parameter is required at /, '_new without connection');
eval { Sys::Virt::Domain->_new(connection => $conn) };
like($@, qr/^address, id or uuid parameters are required at /, '_new without a key');
{
    package My::Domain;
    our @ISA = ('Sys::Virt::Domain');
}
is(ref(My::Domain->_new(connection => $conn, name => 'test')), 'My::Domain', '_new blesses into a subclass');
is(ref($dom->_new(connection => $conn, name => 'test')), 'Sys::Virt::Domain', '$dom->_new: a Sys::Virt::Domain');
is(Sys::Virt::Domain->_new(connection => $conn, name => 'test', id => 99)->get_name, 'test', 'name wins over id');
{
    my ($w) = warnings_of { eval { Sys::Virt::get_domain_by_name('x', 'test') } };
    like($@, qr/^Can't bless non-reference value at /, 'a lookup on a non-connection cannot bless');
    like($w->[0], qr/^Sys::Virt::Domain::_lookup_by_name\(\) -- con is not a blessed SV reference/,
         'after the non-object warning');
}

#### information

my $xml = $dom->get_xml_description;
like($xml, qr/^<domain type='test' id='1'>\n  <name>test<\/name>\n  <uuid>\Q$UUID\E<\/uuid>/, 'get_xml_description');
my $inactive_xml = $dom->get_xml_description(Sys::Virt::Domain::XML_INACTIVE);
like($inactive_xml, qr/^<domain type='test'>/, 'XML_INACTIVE: no id');
is($dom->get_xml_description('2'), $inactive_xml, 'flags as the string "2"');
{
    my ($w, $x) = warnings_of { $dom->get_xml_description(undef) };
    is($x, $xml, 'flags undef count as 0');
    is(scalar @$w, 1, 'with one warning');
    like($w->[0], qr/^Use of uninitialized value in subroutine entry at \Q$FILE\E line \d+\.$/,
         'Use of uninitialized value in subroutine entry');
    ($w, $x) = warnings_of { $dom->get_xml_description('abc') };
    is($x, $xml, "flags 'abc' count as 0");
    like($w->[0], qr/^Argument "abc" isn't numeric in subroutine entry at \Q$FILE\E line \d+\.$/,
         "flags 'abc' warn");
}
is($dom->get_xml_description(1.9), $xml, 'flags 1.9 count as 1 (XML_SECURE, a no-op here)');
virt_error_ok(sub { $dom->get_xml_description(1 << 30) }, 8, 12, 'get_xml_description(1<<30)',
              qr/^unsupported flags \(0x40000000\) in function testDomainGetXMLDesc$/);
virt_error_ok(sub { $dom->get_xml_description(-1) }, 8, 12, 'get_xml_description(-1): 0xffffffff',
              qr/^unsupported flags \(0xfffffff4\) in function testDomainGetXMLDesc$/);

my $info = $dom->get_info;
is(ref $info, 'HASH', 'get_info: a hash reference');
is_deeply([sort keys %$info], [qw(cpuTime maxMem memory nrVirtCpu state)], 'get_info keys');
is($info->{state}, Sys::Virt::Domain::STATE_RUNNING, 'get_info: running');
is($info->{maxMem}, 8388608, 'get_info: maxMem');
is($info->{memory}, 2097152, 'get_info: memory');
is($info->{nrVirtCpu}, 2, 'get_info: nrVirtCpu');
cmp_ok($info->{cpuTime}, '>', 0, 'get_info: cpuTime');

is_deeply([$dom->get_state], [1, 0], 'get_state: (running, unknown reason)');
is(scalar($dom->get_state), 0, 'get_state in scalar context: the reason');
is($dom->is_active, 1, 'is_active');
is($dom->is_persistent, 1, 'is_persistent');
is($dom->is_updated, 0, 'is_updated');

#### scheduler and jobs

is_deeply($dom->get_scheduler_parameters, { weight => 50 }, 'get_scheduler_parameters');
virt_error_ok(sub { $dom->get_scheduler_parameters(1 << 30) }, 8, 12, 'get_scheduler_parameters(1<<30)',
              qr/testDomainGetSchedulerParametersFlags$/);
returns_nothing(sub { $dom->set_scheduler_parameters({ weight => 100 }) }, 'set_scheduler_parameters');
is(scalar($dom->set_scheduler_parameters({ weight => 100 })), undef, 'set_scheduler_parameters in scalar context');
returns_nothing(sub { $dom->set_scheduler_parameters({ bogus => 1 }) }, 'set_scheduler_parameters of an unknown name');
returns_nothing(sub { $dom->set_scheduler_parameters({}) }, 'set_scheduler_parameters({})');
is_deeply($dom->get_scheduler_parameters, { weight => 50 }, 'the test driver keeps its weight');
for my $bad ('x', [1], undef) {
    eval { $dom->set_scheduler_parameters($bad) };
    like($@, qr/^Sys::Virt::Domain::set_scheduler_parameters: newparams is not a HASH reference at \Q$FILE\E line \d+\.\n\z/,
         'set_scheduler_parameters(' . (defined $bad ? ref($bad) || $bad : 'undef') . ') dies with a plain message');
}
usage_ok(sub { $dom->set_scheduler_parameters }, 'Sys::Virt::Domain::set_scheduler_parameters(dom, newparams, flags=0)',
         'set_scheduler_parameters()');

virt_error_ok(sub { $dom->get_job_info }, 3, 20, 'get_job_info',
              qr/^this function is not supported by the connection driver: virDomainGetJobInfo$/);
virt_error_ok(sub { $dom->get_job_stats }, 3, 20, 'get_job_stats',
              qr/^this function is not supported by the connection driver: virDomainGetJobStats$/);
virt_error_ok(sub { $dom->get_job_stats(Sys::Virt::Domain::JOB_STATS_COMPLETED) }, 3, 20, 'get_job_stats(COMPLETED)');
virt_error_ok(sub { $dom->abort_job }, 3, 20, 'abort_job',
              qr/^this function is not supported by the connection driver: virDomainAbortJob$/);

#### life cycle

virt_error_ok(sub { $dom->create }, 1, 12, 'create of a running domain',
              qr/^internal error: Domain 'test' is already running$/);
virt_error_ok(sub { $dom->resume }, 1, 12, 'resume when not paused', qr/^internal error: domain 'test' not paused$/);
returns_nothing(sub { $dom->suspend }, 'suspend');
is_deeply([$dom->get_state], [3, 1], 'paused by the user');
virt_error_ok(sub { $dom->suspend }, 1, 12, 'suspend when paused', qr/^internal error: domain 'test' not running$/);
returns_nothing(sub { $dom->resume }, 'resume');
is_deeply([$dom->get_state], [1, 5], 'running, unpaused (STATE_RUNNING_UNPAUSED)');
$dom->suspend;
is(scalar($dom->resume), undef, 'resume in scalar context: undef');
returns_nothing(sub { $dom->shutdown }, 'shutdown');
is_deeply([$dom->get_state], [5, 1], 'shut off by shutdown');
is($dom->get_id, -1, 'get_id of an inactive domain: -1');
is($dom->is_active, 0, 'is_active: 0');
is($dom->get_info->{state}, Sys::Virt::Domain::STATE_SHUTOFF, 'get_info: shut off');
virt_error_ok(sub { $dom->shutdown }, 1, 12, 'shutdown of an inactive domain', qr/^internal error: domain 'test' not running$/);
virt_error_ok(sub { $dom->suspend }, 1, 12, 'suspend of an inactive domain', qr/^internal error: domain 'test' not running$/);
virt_error_ok(sub { $dom->destroy }, 55, 20, 'destroy of an inactive domain',
              qr/^Requested operation is not valid: domain is not running$/);
returns_nothing(sub { $dom->create }, 'create');
is_deeply([$dom->get_state], [1, 1], 'booted');
cmp_ok($dom->get_id, '>', 1, 'a new id');
returns_nothing(sub { $dom->destroy }, 'destroy');
is_deeply([$dom->get_state], [5, 2], 'destroyed');
virt_error_ok(sub { $dom->undefine(1 << 30) }, 8, 12, 'undefine(1<<30)',
              qr/^unsupported flags \(0x40000000\) in function testDomainUndefineFlags$/);

# define_domain and create_domain.
my $t2xml = "<domain type='test'><name>t2</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
          . "<memory>8192</memory><os><type>hvm</type></os></domain>";
my $t2 = $conn->define_domain($t2xml);
isa_ok($t2, 'Sys::Virt::Domain', 'define_domain');
is_deeply([$t2->get_state], [5, 0], 'defined, never run');
is($t2->get_id, -1, 'no id');
is_deeply({ %{ $t2->get_info }, cpuTime => 0 },
          { cpuTime => 0, maxMem => 8192, memory => 8192, nrVirtCpu => 1, state => 5 }, 'get_info of a defined domain');
is_deeply([sort map { $_->get_name } $conn->list_defined_domains], [qw(t2 test)], 'list_defined_domains');

(my $dup = $t2xml) =~ s/11111111/99999999/;
virt_error_ok(sub { $conn->define_domain($dup) }, 9, 20, 'define_domain of a name with another uuid',
              qr/^operation failed: domain 't2' already exists with uuid 11111111-2222-3333-4444-555555555555$/);
virt_error_ok(sub { $conn->define_domain('<domain') }, 35, 20, 'define_domain of malformed XML',
              malformed_domain_message());
{
    my ($w) = warnings_of {
        virt_error_ok(sub { $conn->define_domain(undef) }, 35, 20, 'define_domain(undef)',
                      libvirt_message_re(q{no warnings; Sys::Virt->new(uri => 'test:///default')->define_domain(undef)},
                                         qr/\A\(domain_definition\):1: Document is empty\n\(null\)\n\^\z/,
                                         qr/\Aat line 1: Document is empty\n/));
    };
    like($w->[0], qr/^Use of uninitialized value in subroutine entry at .*Domain\.pm line \d+\.$/,
         'define_domain(undef) warns');
}
virt_error_ok(sub { $conn->define_domain($t2xml, 1 << 30) }, 8, 12, 'define_domain with bad flags',
              qr/^unsupported flags \(0x40000000\) in function testDomainDefineXMLFlags$/);

my $t3xml = "<domain type='test'><name>t3</name><memory>8192</memory><os><type>hvm</type></os></domain>";
my $t3 = $conn->create_domain($t3xml);
isa_ok($t3, 'Sys::Virt::Domain', 'create_domain');
is_deeply([$t3->get_state], [1, 1], 'created: running, booted');
is($t3->is_persistent, 0, 'created: transient');
virt_error_ok(sub { $conn->create_domain($t3xml) }, 9, 20, 'create_domain of a running name',
              qr/^operation failed: domain 't3' already exists with uuid /);
virt_error_ok(sub { $conn->create_domain('<domain') }, 35, 20, 'create_domain of malformed XML');
virt_error_ok(sub { $conn->create_domain($t3xml, 1 << 30) }, 8, 12, 'create_domain with bad flags',
              qr/testDomainCreateXML$/);

# Objects outlive what they stand for: the name still answers, the rest fails with 42.
my $t3uuid = $t3->get_uuid_string;
returns_nothing(sub { $t3->destroy }, 'destroy of a transient domain');
is($t3->get_name, 't3', 'a destroyed transient domain still answers get_name');
virt_error_ok(sub { $t3->get_state }, 42, 12, 'get_state of a vanished domain',
              qr/^Domain not found: no domain with matching uuid '\Q$t3uuid\E' \(t3\)$/);
returns_nothing(sub { $t2->undefine }, 'undefine');
is($t2->get_name, 't2', 'an undefined domain still answers get_name');
virt_error_ok(sub { $t2->get_xml_description }, 42, 12, 'get_xml_description of an undefined domain');
virt_error_ok(sub { $t2->undefine }, 42, 12, 'undefine twice');

# Objects keep working after their connection object is gone.
{
    my $c = Sys::Virt->new(uri => $URI);
    my $d = $c->get_domain_by_name('test');
    undef $c;
    is($d->get_name, 'test', 'domain works after its connection object is gone');
    is_deeply([$d->get_state], [1, 0], 'and reaches libvirt');
    my @all = Sys::Virt->new(uri => $URI)->list_all_domains;
    is($all[0]->get_name, 'test', 'domains from a temporary connection work');
}

# Read-only connection.
{
    my $ro = Sys::Virt->new(uri => $URI, readonly => 1);
    my $d = $ro->get_domain_by_name('test');
    virt_error_ok(sub { $ro->define_domain($t2xml) }, 29, 20, 'read-only define_domain',
                  qr/^operation forbidden: read only access prevents virDomainDefineXML$/);
    virt_error_ok(sub { $d->suspend }, 29, 20, 'read-only suspend',
                  qr/^operation forbidden: read only access prevents virDomainSuspend$/);
    virt_error_ok(sub { $d->get_xml_description(Sys::Virt::Domain::XML_SECURE) }, 29, 20,
                  'read-only XML_SECURE', qr/^operation forbidden: virDomainGetXMLDesc with secure flag$/);
    is($d->get_name, 'test', 'read-only lookups work');
}

#### non-objects and usage

my %usage = (
    get_name => 'dom', get_id => 'dom', get_uuid => 'dom', get_uuid_string => 'dom',
    get_xml_description => 'dom, flags=0', get_info => 'dom', get_state => 'dom, flags=0',
    is_active => 'dom', is_persistent => 'dom', is_updated => 'dom', create => 'dom, flags=0',
    destroy => 'dom_rv, flags=0', undefine => 'dom, flags=0', suspend => 'dom', resume => 'dom',
    shutdown => 'dom, flags=0', get_scheduler_parameters => 'dom, flags=0',
    set_scheduler_parameters => 'dom, newparams, flags=0', get_job_info => 'dom',
    get_job_stats => 'dom, flags=0', abort_job => 'dom, flags=0',
    _lookup_by_name => 'con, name', _lookup_by_id => 'con, id', _lookup_by_uuid => 'con, uuid',
    _lookup_by_uuid_string => 'con, uuid', _define_xml => 'con, xml, flags=0',
    _create => 'con, xml, flags=0',
);
my $live = $conn->get_domain_by_name('test');
for my $m (sort keys %usage) {
    no strict 'refs';
    my $text = "Sys::Virt::Domain::$m($usage{$m})";
    usage_ok(sub { &{"Sys::Virt::Domain::$m"}() }, $text, "$m with no arguments");
    usage_ok(sub { &{"Sys::Virt::Domain::$m"}(($live) x 20) }, $text, "$m with 20 arguments");
}
for my $m (qw(get_name get_id get_uuid get_uuid_string get_xml_description get_info get_state
              is_active is_persistent is_updated create undefine suspend resume shutdown
              get_scheduler_parameters get_job_info get_job_stats abort_job)) {
    no strict 'refs';
    my ($w, @r) = warnings_of { &{"Sys::Virt::Domain::$m"}('x') };
    is_deeply(\@r, [undef], "Sys::Virt::Domain::$m('x') returns one undef");
    is(scalar @$w, 1, "Sys::Virt::Domain::$m('x') warns once");
    like($w->[0], qr/^Sys::Virt::Domain::$m\(\) -- dom is not a blessed SV reference at \Q$FILE\E line \d+\.$/,
         "Sys::Virt::Domain::$m('x') warning");
}
{
    my ($w, @r) = warnings_of { &Sys::Virt::Domain::set_scheduler_parameters(undef, 'x') };
    is_deeply(\@r, [undef], 'set_scheduler_parameters on a non-object: undef, before the hash check');
    like($w->[0], qr/^Sys::Virt::Domain::set_scheduler_parameters\(\) -- dom is not a blessed SV reference/,
         'with the non-object warning');
}
{
    # Plain arguments are converted (and warn) before the object is checked.
    my ($w) = warnings_of { &Sys::Virt::Domain::_lookup_by_id('x', 'abc') };
    is(scalar @$w, 2, "_lookup_by_id('x', 'abc'): two warnings");
    like($w->[0], qr/^Argument "abc" isn't numeric/, 'first the numeric one');
    like($w->[1], qr/^Sys::Virt::Domain::_lookup_by_id\(\) -- con is not a blessed SV reference/, 'then the object one');
    ($w) = warnings_of { &Sys::Virt::Domain::_define_xml('x', undef) };
    like($w->[0], qr/^Use of uninitialized value in subroutine entry/, '_define_xml: the xml first');
    like($w->[1], qr/^Sys::Virt::Domain::_define_xml\(\) -- con is not a blessed SV reference/, 'then the object');
    # Optional flags come after the object check: no numeric warning.
    ($w) = warnings_of { &Sys::Virt::Domain::get_xml_description('x', 'abc') };
    is(scalar @$w, 1, "get_xml_description('x', 'abc'): only the object warning");
}

done_testing;
