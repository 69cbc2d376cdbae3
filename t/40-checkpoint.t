#!/usr/bin/perl
# Sys::Virt::DomainCheckpoint and the domain's checkpoint methods, against libvirt's test
# driver: every method, every flag and every failure of the checkpoint API that the XS
# module documents (its Sys::Virt::DomainCheckpoint and Sys::Virt::Domain POD). The test
# driver state is private to this file (t/lib/CheckpointNode.pm).

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Scalar::Util qw(blessed reftype);
use Sys::Virt;
use CheckpointNode qw(node_uri);
use TestDriver qw(libvirt_message_re);

my $FILE = __FILE__;
my $CP = 'Sys::Virt::DomainCheckpoint';

# Collected warnings; warnings_of(CODE) returns those CODE gave.
my @WARN;
$SIG{__WARN__} = sub { push @WARN, $_[0] };
sub warnings_of { my ($code) = @_; @WARN = (); $code->(); my @w = @WARN; @WARN = (); return @w }

# Checks that $@ is a Sys::Virt::Error with the given code, domain and message.
sub error_is {
    my ($err, $code, $domain, $msg, $name) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    unless (blessed($err) && $err->isa('Sys::Virt::Error')) {
        fail("$name: dies with a Sys::Virt::Error");
        diag('got: ' . (defined $err ? "$err" : 'undef'));
        return;
    }
    my $ok = is($err->code, $code, "$name: code $code");
    $ok &&= is($err->domain, $domain, "$name: domain $domain");
    $ok &&= ref $msg ? like($err->message, $msg, "$name: message") : is($err->message, $msg, "$name: message");
    diag("error was: $err") unless $ok;
    return $ok;
}
# Runs CODE, expecting it to die with the given Sys::Virt::Error.
sub dies_with {
    my ($code, $c, $d, $msg, $name) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my @r = eval { $code->() };
    return error_is($@, $c, $d, $msg, $name);
}
sub cpxml { "<domaincheckpoint><name>$_[0]</name>" . ($_[1] // '') . "</domaincheckpoint>" }
sub names { join ',', sort map { $_->get_name } @_ }

my $uri = node_uri();
my $conn = Sys::Virt->new(uri => $uri);
is($conn->get_uri, $uri, 'private test driver state opened');
my $dom = $conn->get_domain_by_name('test');
is($dom->is_active, 1, 'domain test is running');
like($dom->get_xml_description, qr/<target dev='vda'/, 'domain test has disk vda');
is_deeply([$dom->list_all_checkpoints], [], 'no checkpoints at first');

# ------------------------------------------------------------------------- constants
subtest constants => sub {
    my %want = (
        CREATE_REDEFINE => 1, CREATE_QUIESCE => 2, CREATE_REDEFINE_VALIDATE => 4,
        XML_SECURE => 1, XML_NO_DOMAIN => 2, XML_SIZE => 4,
        LIST_ROOTS => 1, LIST_DESCENDANTS => 1, LIST_TOPOLOGICAL => 2, LIST_LEAVES => 4,
        LIST_NO_LEAVES => 8, DELETE_CHILDREN => 1, DELETE_METADATA_ONLY => 2,
        DELETE_CHILDREN_ONLY => 4,
    );
    is(scalar(keys %want), 14, '14 checkpoint constants');
    no strict 'refs';
    for my $c (sort keys %want) {
        my $n = "${CP}::$c";
        ok(defined &$n, "$c defined") or next;
        is(&$n(), $want{$c}, "$c is $want{$c}");
        is(prototype($n), '', "$c has an empty prototype");
    }
    is(Sys::Virt::Domain::UNDEFINE_CHECKPOINTS_METADATA(), 16, 'UNDEFINE_CHECKPOINTS_METADATA');
    is(Sys::Virt::Domain::LIST_HAS_CHECKPOINT(), 16384, 'LIST_HAS_CHECKPOINT');
    is(Sys::Virt::Domain::LIST_NO_CHECKPOINT(), 32768, 'LIST_NO_CHECKPOINT');
    is(Sys::Virt::Error::FROM_DOMAIN_CHECKPOINT(), 69, 'FROM_DOMAIN_CHECKPOINT');
    is(Sys::Virt::Error::ERR_INVALID_DOMAIN_CHECKPOINT(), 102, 'ERR_INVALID_DOMAIN_CHECKPOINT');
    is(Sys::Virt::Error::ERR_NO_DOMAIN_CHECKPOINT(), 103, 'ERR_NO_DOMAIN_CHECKPOINT');
    is(Sys::Virt::Error::ERR_NO_DOMAIN_BACKUP(), 104, 'ERR_NO_DOMAIN_BACKUP');
    is(Sys::Virt::Error::ERR_CHECKPOINT_INCONSISTENT(), 109, 'ERR_CHECKPOINT_INCONSISTENT');
    ok(!defined &{"${CP}::$_"}, "no $_ method") for qw(get_domain get_connect ref);
};

# ------------------------------------------------------------------------- create
my ($c1, $c2);
subtest create_checkpoint => sub {
    my @w = warnings_of(sub { $c1 = $dom->create_checkpoint(cpxml('c1', '<description>first</description>')) });
    is_deeply(\@w, [], 'no warnings');
    isa_ok($c1, $CP);
    is(ref($c1), $CP, 'blessed into Sys::Virt::DomainCheckpoint');
    is(reftype($c1), 'SCALAR', 'a scalar reference');
    ok($$c1 && $$c1 =~ /\A\d+\z/, 'holding a nonzero integer handle');
    is($c1->get_name, 'c1', 'get_name');
    for my $f (undef, '', 0, '0') {
        my @w2 = warnings_of(sub { $c2 = eval { $dom->create_checkpoint(cpxml('falsy'), $f) } });
        ok($c2, 'false flags ' . (defined $f ? "'$f'" : 'undef') . ' count as 0') or diag($@);
        is_deeply(\@w2, [], '... without a warning');
        $c2->delete if $c2;
    }
    $c2 = $dom->create_checkpoint(cpxml('c2'), Sys::Virt::DomainCheckpoint::CREATE_QUIESCE);
    is($c2->get_name, 'c2', 'CREATE_QUIESCE accepted by the test driver');
    is(names($dom->list_all_checkpoints), 'c1,c2', 'both listed');

    dies_with(sub { $dom->create_checkpoint(cpxml('c1')) }, 9, 20,
              'operation failed: domain moment c1 already exists', 'duplicate name');
    dies_with(sub { $dom->create_checkpoint('<domaincheckpoint') }, 35, 69,
              libvirt_message_re(
                  q{Sys::Virt->new(uri => $_[0])->get_domain_by_name('test')->create_checkpoint('<domaincheckpoint')},
                  qr/\A\(domain_checkpoint\):1: Couldn't find end of Start Tag domaincheckpoint/,
                  qr/\Aat line 1: Couldn't find end of Start Tag domaincheckpoint/, $uri),
              'malformed XML');
    dies_with(sub { $dom->create_checkpoint('<foo/>') }, 27, 5,
              "XML error: expecting root element of 'domaincheckpoint', not 'foo'", 'wrong root element');
    dies_with(sub { $dom->create_checkpoint(cpxml('a/b')) }, 92, 5,
              qr/\AXML document failed to validate against schema/, 'bad name');
    dies_with(sub { $dom->create_checkpoint(cpxml('e', '<disks/>')) }, 92, 5,
              qr/\AXML document failed to validate against schema/, 'empty <disks/>');
    dies_with(sub { $dom->create_checkpoint(cpxml('u', "<disks><disk name='vdz'/></disks>")) }, 67, 69,
              "unsupported configuration: no disk named 'vdz'", 'unknown disk');
    dies_with(sub { $dom->create_checkpoint(cpxml('r'), Sys::Virt::DomainCheckpoint::CREATE_REDEFINE) }, 1, 69,
              'internal error: missing creationTime from existing checkpoint', 'redefine without creationTime');
    dies_with(sub { $dom->create_checkpoint(cpxml('f'), 8) }, 8, 12,
              'unsupported flags (0x8) in function testDomainCheckpointCreateXML', 'unsupported flag');
    dies_with(sub { $dom->create_checkpoint(cpxml('v'), Sys::Virt::DomainCheckpoint::CREATE_REDEFINE
                                                          | Sys::Virt::DomainCheckpoint::CREATE_REDEFINE_VALIDATE) },
              8, 12, 'unsupported flags (0x4) in function testDomainCheckpointCreateXML', 'REDEFINE_VALIDATE unsupported');
    my @w3 = warnings_of(sub {
        dies_with(sub { $dom->create_checkpoint(undef) }, 35, 69, qr/Document is empty/, 'undef XML');
    });
    is(scalar(@w3), 1, 'undef XML warns once');
    like($w3[0] // '', qr/\AUse of uninitialized value in subroutine entry at /, '... uninitialized value');

    my $snap = $conn->get_domain_by_name('snapdom');
    dies_with(sub { $snap->create_checkpoint(cpxml('x')) }, 84, 12,
              'Operation not supported: cannot create checkpoint while snapshot exists', 'domain with a snapshot');
    my $off = $conn->get_domain_by_name('off');
    is($off->is_active, 0, 'domain off is inactive');
    dies_with(sub { $off->create_checkpoint(cpxml('x')) }, 84, 12,
              'Operation not supported: cannot create checkpoint for inactive domain', 'inactive domain');
    my $nodisk = $conn->get_domain_by_name('nodisk');
    dies_with(sub { $nodisk->create_checkpoint(cpxml('x')) }, 67, 69,
              'unsupported configuration: domain must have at least one disk to perform checkpoints', 'domain without disk');

    my $default = eval { $dom->create_checkpoint('<domaincheckpoint/>') };
    ok($default, '<domaincheckpoint/> is valid') or diag($@);
    like($default->get_name, qr/\A\d+\z/, '... named after the current second') if $default;
    $default->delete if $default;
};

# ------------------------------------------------------------------------- lookups and lists
subtest lookups => sub {
    my $c = $dom->get_checkpoint_by_name('c1');
    is(ref($c), $CP, 'get_checkpoint_by_name');
    is($c->get_name, 'c1', '... the right one');
    isnt($$c, $$c1, '... a new handle');
    dies_with(sub { $dom->get_checkpoint_by_name('nope') }, 103, 12,
              "Domain checkpoint not found: no domain checkpoint with matching name 'nope'", 'missing checkpoint');
    my @l = $dom->list_all_checkpoints;
    is(scalar(@l), 2, 'list_all_checkpoints: 2');
    is(ref($_), $CP, '... a checkpoint object') for @l;
    is(names($dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_ROOTS)), 'c1', 'LIST_ROOTS');
    is(names($dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_LEAVES)), 'c2', 'LIST_LEAVES');
    is(names($dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_NO_LEAVES)), 'c1', 'LIST_NO_LEAVES');
    is(join(',', map { $_->get_name } $dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_TOPOLOGICAL)),
       'c1,c2', 'LIST_TOPOLOGICAL');
    dies_with(sub { $dom->list_all_checkpoints(1 << 10) }, 8, 12,
              'unsupported flags (0x400) in function testDomainListAllCheckpoints', 'list_all_checkpoints bad flag');
    my $last = $dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_TOPOLOGICAL);
    is($last->get_name, 'c2', 'scalar context: the last one');
    my $none = $conn->get_domain_by_name('snapdom')->list_all_checkpoints;
    ok(!defined $none, 'scalar context, none: undef');
    is(join(',', sort map { $_->get_name } $conn->list_all_domains(Sys::Virt::Domain::LIST_HAS_CHECKPOINT)),
       'test', 'LIST_HAS_CHECKPOINT');
    is(join(',', sort map { $_->get_name } $conn->list_all_domains(Sys::Virt::Domain::LIST_NO_CHECKPOINT)),
       'nodisk,off,snapdom', 'LIST_NO_CHECKPOINT');
};

# ------------------------------------------------------------------------- get_xml_description
subtest get_xml_description => sub {
    my $full = $c1->get_xml_description;
    like($full, qr{\A<domaincheckpoint>\n  <name>c1</name>\n  <description>first</description>}, 'flags 0');
    like($full, qr{<domain type='test'>}, '... includes the domain');
    is($c1->get_xml_description(0), $full, 'explicit 0');
    my $nodom = $c1->get_xml_description(Sys::Virt::DomainCheckpoint::XML_NO_DOMAIN);
    unlike($nodom, qr{<domain }, 'XML_NO_DOMAIN leaves the domain out');
    like($nodom, qr{<disk name='vda' checkpoint='bitmap' bitmap='c1'/>}, '... keeps the disks');
    is($c1->get_xml_description(Sys::Virt::DomainCheckpoint::XML_SECURE), $full, 'XML_SECURE');
    is($c1->get_xml_description(Sys::Virt::DomainCheckpoint::XML_SIZE), $full, 'XML_SIZE');
    is($c1->get_xml_description("2"), $nodom, 'flags "2" count as 2');
    my $x;
    my @w = warnings_of(sub { $x = $c1->get_xml_description(undef) });
    is($x, $full, 'flags undef count as 0');
    is(scalar(@w), 1, '... with one warning');
    like($w[0] // '', qr/\AUse of uninitialized value in subroutine entry at \Q$FILE\E line \d+\.\n\z/,
         '... "uninitialized", at the caller');
    dies_with(sub { $c1->get_xml_description(-1) }, 8, 12,
              'unsupported flags (0xfffffff8) in function testDomainCheckpointGetXMLDesc', 'flags -1');
    eval { $c1->get_xml_description(0, 0) };
    like($@, qr/\AUsage: Sys::Virt::DomainCheckpoint::get_xml_description\(domcp, flags=0\) at \Q$FILE\E line \d+\.\n\z/,
         'too many arguments: Usage');
    eval { $c1->get_name(0) };
    like($@, qr/\AUsage: Sys::Virt::DomainCheckpoint::get_name\(domcp\) at /, 'get_name takes no argument');
};

# ------------------------------------------------------------------------- parents and children
subtest parent_children => sub {
    my $p = $c2->get_parent;
    is(ref($p), $CP, 'get_parent gives a checkpoint object');
    is($p->get_name, 'c1', '... the parent');
    my $s = $c2->get_parent(0);
    is($s->get_name, 'c1', 'get_parent(0)');
    dies_with(sub { $c1->get_parent }, 103, 12,
              "Domain checkpoint not found: checkpoint 'c1' does not have a parent", 'no parent');
    my @ch = $c1->list_all_children;
    is(scalar(@ch), 1, 'list_all_children: one child');
    is(ref($ch[0]), $CP, '... a checkpoint object');
    is($ch[0]->get_name, 'c2', '... c2');
    my $c3 = $dom->create_checkpoint(cpxml('c3'));
    @ch = $c1->list_all_children;
    is(scalar(@ch), 1, 'still one direct child');
    my $last = $c2->list_all_children;
    is($last->get_name, 'c3', 'scalar context: the last element');
    my $none = $c3->list_all_children;
    ok(!defined $none, 'no children, scalar context: undef');
    is_deeply([$c3->list_all_children], [], 'no children: empty list');
    is(names($c1->list_all_children(Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS)), 'c2,c3', 'LIST_DESCENDANTS');
    is(join(',', map { $_->get_name } $c1->list_all_children(
        Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS | Sys::Virt::DomainCheckpoint::LIST_TOPOLOGICAL)),
       'c2,c3', 'LIST_DESCENDANTS|LIST_TOPOLOGICAL');
    is(names($c1->list_all_children(Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS
                                    | Sys::Virt::DomainCheckpoint::LIST_LEAVES)), 'c3', 'descendants that are leaves');
    is(names($c1->list_all_children(Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS
                                    | Sys::Virt::DomainCheckpoint::LIST_NO_LEAVES)), 'c2', 'descendants that are not leaves');
    dies_with(sub { $c1->list_all_children(1 << 10) }, 8, 12,
              'unsupported flags (0x400) in function testDomainCheckpointListAllChildren', 'list_all_children bad flag');
    $c3->delete;
};

# ------------------------------------------------------------------------- delete
subtest delete => sub {
    my @made = map { $dom->create_checkpoint(cpxml($_)) } qw(d1 d2 d3);    # c1 -> c2 -> d1 -> d2 -> d3
    my $d2 = $made[1];
    my @r = $d2->delete;
    is(scalar(@r), 0, 'delete: empty list');
    is(names($dom->list_all_checkpoints), 'c1,c2,d1,d3', 'd2 gone');
    is($dom->get_checkpoint_by_name('d3')->get_parent->get_name, 'd1', 'its child re-parented');
    is($d2->get_name, 'd2', 'a deleted checkpoint still answers get_name');
    my $gone = qr/\ADomain checkpoint not found: no domain checkpoint with matching name 'd2'\z/;
    dies_with(sub { $d2->get_xml_description }, 103, 12, $gone, 'get_xml_description after delete');
    dies_with(sub { $d2->get_parent }, 103, 12, $gone, 'get_parent after delete');
    dies_with(sub { $d2->list_all_children }, 103, 12, $gone, 'list_all_children after delete');
    dies_with(sub { $d2->delete }, 103, 12, $gone, 'delete after delete');

    my $d1 = $made[0];
    my $r = $d1->delete(Sys::Virt::DomainCheckpoint::DELETE_METADATA_ONLY);
    ok(!defined $r, 'delete in scalar context: undef');
    is(names($dom->list_all_checkpoints), 'c1,c2,d3', 'DELETE_METADATA_ONLY');
    is($made[2]->get_parent->get_name, 'c2', '... child re-parented');

    dies_with(sub { $c2->delete(-1) }, 8, 69,
              "Flags 'VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN' and 'VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY' are mutually exclusive",
              'delete(-1): mutually exclusive first');
    dies_with(sub { $c2->delete(1 << 20) }, 8, 12,
              'unsupported flags (0x100000) in function testDomainCheckpointDelete', 'delete: unsupported flag');
    $dom->create_checkpoint(cpxml('d4'));
    $c2->delete(Sys::Virt::DomainCheckpoint::DELETE_CHILDREN_ONLY);
    is(names($dom->list_all_checkpoints), 'c1,c2', 'DELETE_CHILDREN_ONLY');
    $dom->create_checkpoint(cpxml('d5'));
    my @w = warnings_of(sub { $c2->delete("1") });
    is_deeply(\@w, [], 'flags "1": no warning');
    is(names($dom->list_all_checkpoints), 'c1', 'DELETE_CHILDREN');
    @w = warnings_of(sub { $dom->create_checkpoint(cpxml('d6'))->delete(undef) });
    is(scalar(@w), 1, 'flags undef: one warning');
    like($w[0] // '', qr/\AUse of uninitialized value in subroutine entry at \Q$FILE\E line \d+\.\n\z/, '... uninitialized');
    is(names($dom->list_all_checkpoints), 'c1', '... deleted anyway');
    $c2 = $dom->create_checkpoint(cpxml('c2'));

    # redefine: delete the metadata, then give it back
    my $xml = $c2->get_xml_description;
    $c2->delete(Sys::Virt::DomainCheckpoint::DELETE_METADATA_ONLY);
    my $back = $dom->create_checkpoint($xml, Sys::Virt::DomainCheckpoint::CREATE_REDEFINE);
    is($back->get_name, 'c2', 'CREATE_REDEFINE of a deleted checkpoint');
    is($c2->get_xml_description, $xml, '... the old object finds it again');
};

# ------------------------------------------------------------------------- _new
subtest _new => sub {
    my $c = $CP->_new(domain => $dom, name => 'c1');
    is(ref($c), $CP, '_new by name');
    is($c->get_name, 'c1', '... c1');
    $c = $CP->_new(domain => $dom, name => 'c2', xml => cpxml('never'));
    is($c->get_name, 'c2', 'name wins over xml');
    ok(!eval { $dom->get_checkpoint_by_name('never') }, '... nothing created');
    my $sub = My::Subclass->_new(domain => $dom, name => 'c1');
    is(ref($sub), 'My::Subclass', 'a subclass gets its own class');
    is($sub->get_name, 'c1', '... and works');
    is(ref(($dom->list_all_checkpoints)[0]), $CP, 'listed objects are plain DomainCheckpoint');
    my $n = $CP->_new(domain => $dom, xml => cpxml('n1'), flags => 0);
    is($n->get_name, 'n1', '_new by xml');
    $n->delete;
    $n = $CP->_new(domain => $dom, xml => cpxml('n2'));
    is($n->get_name, 'n2', '_new by xml, no flags');
    $n->delete;
    dies_with(sub { $CP->_new(domain => $dom, xml => cpxml('n3'), flags => 64) }, 8, 12,
              'unsupported flags (0x40) in function testDomainCheckpointCreateXML', '_new flags passed on');

    eval { $CP->_new(name => 'c1') };
    like($@, qr/\Adomain parameter is required at \S+ line \d+\.\n\z/, 'no domain');
    eval { $CP->_new(domain => $dom) };
    like($@, qr/\Aname or xml parameters are required at \S+ line \d+\.\n\z/, 'no name or xml');
    ok(!ref $@, '... a plain string');
};

# ------------------------------------------------------------------------- non-objects, usage
subtest non_objects => sub {
    for my $m (qw(get_name get_xml_description delete get_parent list_all_children)) {
        no strict 'refs';
        my $f = \&{"${CP}::$m"};
        for my $arg ('x', undef, {}) {
            my @r;
            my $line = __LINE__; my @w = warnings_of(sub { @r = eval { $f->($arg) }; });
            is($@, '', "$m(" . (defined $arg ? ref $arg || $arg : 'undef') . ') does not die');
            is_deeply(\@r, [undef], '... returns one undef');
            is_deeply(\@w, ["${CP}::$m() -- domcp is not a blessed SV reference at $FILE line $line.\n"],
                      '... warns');
        }
    }
    my $r;
    my @w = warnings_of(sub { $r = Sys::Virt::DomainCheckpoint::get_name('x') });
    ok(!defined $r, 'scalar context: undef');
    like($w[0] // '', qr/\ASys::Virt::DomainCheckpoint::get_name\(\) -- domcp is not a blessed SV reference at /, '... warns');
    eval { &Sys::Virt::DomainCheckpoint::get_name() };
    like($@, qr/\AUsage: Sys::Virt::DomainCheckpoint::get_name\(domcp\) at /, 'no argument: Usage');
    eval { &Sys::Virt::DomainCheckpoint::DESTROY() };
    like($@, qr/\AUsage: Sys::Virt::DomainCheckpoint::DESTROY\(domcp_rv\) at /, 'DESTROY without argument: Usage');
};

# ------------------------------------------------------------------------- backup
subtest backup => sub {
    dies_with(sub { $dom->backup_begin('<domainbackup/>', undef) }, 3, 20,
              'this function is not supported by the connection driver: virDomainBackupBegin', 'backup_begin');
    dies_with(sub { $dom->backup_begin('<domainbackup/>', cpxml('b'), 0) }, 3, 20,
              'this function is not supported by the connection driver: virDomainBackupBegin', 'backup_begin with checkpoint');
    dies_with(sub { $dom->backup_begin(undef, undef) }, 8, 20,
              'backupXML in virDomainBackupBegin must not be NULL', 'backup_begin(undef, undef)');
    eval { $dom->backup_begin('<domainbackup/>') };
    like($@, qr/\AUsage: Sys::Virt::Domain::backup_begin\(dom, backupxmlsv, checkpointxmlsv, flags=0\) at \Q$FILE\E line \d+\.\n\z/,
         'backup_begin needs 3 arguments');
    dies_with(sub { $dom->backup_get_xml_description }, 3, 20,
              'this function is not supported by the connection driver: virDomainBackupGetXMLDesc', 'backup_get_xml_description');
    dies_with(sub { $dom->backup_get_xml_description(0) }, 3, 20,
              'this function is not supported by the connection driver: virDomainBackupGetXMLDesc', 'backup_get_xml_description(0)');
};

# ------------------------------------------------------------------------- bytes
subtest bytes => sub {
    my $u = $dom->create_checkpoint(cpxml('u8', "<description>smile \x{263A}</description>"));
    my $xml = $u->get_xml_description(Sys::Virt::DomainCheckpoint::XML_NO_DOMAIN);
    ok(!utf8::is_utf8($xml), 'XML comes back without the UTF-8 flag');
    my ($d) = $xml =~ m{<description>(.*)</description>};
    is(unpack('H*', $d), unpack('H*', "smile \xE2\x98\xBA"), 'U+263A comes back as the bytes E2 98 BA');
    ok(!utf8::is_utf8($u->get_name), 'name without the UTF-8 flag');
    $u->delete;
};

# ------------------------------------------------------------------------- lifetime, DESTROY
subtest lifetime => sub {
    my $keep;
    {
        my $c = Sys::Virt->new(uri => $uri);
        my $d = $c->get_domain_by_name('test');
        $d->create_checkpoint(cpxml('life1'));
        $keep = $d->create_checkpoint(cpxml('life2'));
    }
    is($keep->get_name, 'life2', 'outlives its domain and connection objects');
    is($keep->get_parent->get_name, 'life1', '... get_parent');
    like($keep->get_xml_description, qr{<name>life2</name>}, '... get_xml_description');
    is(names($keep->get_parent->list_all_children), 'life2', '... list_all_children');
    $keep->get_parent->delete(Sys::Virt::DomainCheckpoint::DELETE_CHILDREN);
    is($keep->get_name, 'life2', '... delete');

    my $cp = $dom->create_checkpoint(cpxml('gone'));
    is(reftype($cp), 'SCALAR', 'reftype SCALAR');
    ok($$cp != 0, 'nonzero handle before DESTROY');
    my @r = $cp->DESTROY;
    is(scalar(@r), 0, 'DESTROY returns nothing');
    is($$cp, 0, 'DESTROY zeroes the value');
    is(reftype($cp), 'SCALAR', '... still a scalar reference');
    my @w = warnings_of(sub { $cp->DESTROY; undef $cp });
    is_deeply(\@w, [], 'DESTROY again (and at scope exit) is harmless');
    is($dom->get_checkpoint_by_name('gone')->get_name, 'gone', 'the checkpoint itself is still there');
    $dom->get_checkpoint_by_name('gone')->delete;
};

done_testing();

package My::Subclass;
BEGIN { our @ISA = ('Sys::Virt::DomainCheckpoint') }
