#!/usr/bin/perl
# The checkpoint API exercised end to end, printing everything a script can observe.
# t/50-differential.t runs this once with the reference Sys::Virt and once with ours and
# compares the output line by line, so it must print the same thing with both.
#
# Kept out on purpose (documented differences): Sys::Virt::Error's level() method; objects
# of the wrong class passed as checkpoints; strings with NUL bytes.
#
# Output: one line per observation, "LABEL: VALUE". Newlines inside values are shown as \n.
# Warnings and die texts have " at FILE line N." rewritten: this script's own file keeps its
# line number ("at SCRIPT line N"), any other file is reduced to its base name without line
# number ("at Foo.pm"), since module line numbers differ between the implementations.

use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use B ();
use Scalar::Util qw(reftype);
use Sys::Virt;
use CheckpointNode qw(node_uri);
use Probe;

BEGIN { @My::Subclass::ISA = ('Sys::Virt::DomainCheckpoint') }

print STDERR "Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
$| = 1;

Probe::configure(
    script  => __FILE__,
    # creation times and the domain's UUID in checkpoint XML differ from run to run
    rewrite => sub {
        $_[0] =~ s/<creationTime>\d+<\/creationTime>/<creationTime>T<\/creationTime>/g;
        $_[0] =~ s/<uuid>[0-9a-f-]+<\/uuid>/<uuid>U<\/uuid>/g;
    },
    named      => ['Sys::Virt::DomainCheckpoint' => 'get_name'],
    # an error with all its hash keys and its level, read from the hash itself
    error      => sub { my ($v) = @_;
                        "ERR(" . join(',', sort keys %$v) . ") code=$v->{code} domain=$v->{domain}"
                            . " level=$v->{level} message=" . norm($v->{message}) . " str=" . norm("$v") },
    containers => [],
);

# Checkpoint names in the order given (names(), from Probe, sorts them).
sub ordered { join ',', map { $_->get_name } @_ }
sub cpxml { "<domaincheckpoint><name>$_[0]</name>" . ($_[1] // '') . "</domaincheckpoint>" }

# ---------------------------------------------------------------- constants and subs
{
    no strict 'refs';
    for my $c (qw(CREATE_REDEFINE CREATE_QUIESCE CREATE_REDEFINE_VALIDATE XML_SECURE
                  XML_NO_DOMAIN XML_SIZE LIST_ROOTS LIST_DESCENDANTS LIST_TOPOLOGICAL
                  LIST_LEAVES LIST_NO_LEAVES DELETE_CHILDREN DELETE_METADATA_ONLY
                  DELETE_CHILDREN_ONLY)) {
        my $n = "Sys::Virt::DomainCheckpoint::$c";
        print "const $n: ", &$n(), " proto=", show(prototype($n)), "\n";
    }
    for my $n (qw(Sys::Virt::Domain::UNDEFINE_CHECKPOINTS_METADATA
                  Sys::Virt::Domain::LIST_HAS_CHECKPOINT Sys::Virt::Domain::LIST_NO_CHECKPOINT
                  Sys::Virt::Error::FROM_DOMAIN_CHECKPOINT
                  Sys::Virt::Error::ERR_INVALID_DOMAIN_CHECKPOINT
                  Sys::Virt::Error::ERR_NO_DOMAIN_CHECKPOINT Sys::Virt::Error::ERR_NO_DOMAIN_BACKUP
                  Sys::Virt::Error::ERR_CHECKPOINT_INCONSISTENT)) {
        print "const $n: ", &$n(), "\n";
    }
    my @subs = map { "Sys::Virt::DomainCheckpoint::$_" }
        qw(_new _lookup_by_name _create_xml get_name get_xml_description delete get_parent
           list_all_children DESTROY get_domain get_connect ref);
    push @subs, map { "Sys::Virt::Domain::$_" }
        qw(create_checkpoint get_checkpoint_by_name list_all_checkpoints backup_begin
           backup_get_xml_description);
    for my $n (@subs) {
        my $kind = !defined &$n ? 'none' : B::svref_2object(\&$n)->XSUB ? 'XS' : 'PERL';
        print "sub $n: $kind\n";
        print "proto $n: ", show(defined &$n ? prototype($n) : undef), "\n";
    }
    for my $p (qw(Sys::Virt::DomainCheckpoint Sys::Virt::Domain)) {
        print "ISA $p: ", join(',', @{"${p}::ISA"}), "\n";
        print "VERSION $p: ", show(${"${p}::VERSION"}), "\n";
    }
}

my $uri = node_uri();
my $conn = Sys::Virt->new(uri => $uri);
my $dom = $conn->get_domain_by_name('test');
print "domain: ", $dom->get_name, " active=", $dom->is_active, "\n";

# ---------------------------------------------------------------- creation and lookups
L('list empty', sub { $dom->list_all_checkpoints });
S('list empty scalar', sub { $dom->list_all_checkpoints });
L('lookup missing', sub { $dom->get_checkpoint_by_name('nope') });
L('lookup undef', sub { $dom->get_checkpoint_by_name(undef) });
L('lookup none', sub { $dom->get_checkpoint_by_name() });

my $c1 = S('create c1', sub { $dom->create_checkpoint(cpxml('c1', '<description>first</description>')) });
print "c1 ref=", ref($c1), " reftype=", reftype($c1), " nonzero=", ($$c1 != 0 ? 1 : 0), "\n";
L('create c2 undef flags', sub { $dom->create_checkpoint(cpxml('c2'), undef) });
L('create c3 empty flags', sub { $dom->create_checkpoint(cpxml('c3'), '') });
L('create c4 "0" flags', sub { $dom->create_checkpoint(cpxml('c4'), '0') });
L('create c5 quiesce', sub { $dom->create_checkpoint(cpxml('c5'), Sys::Virt::DomainCheckpoint::CREATE_QUIESCE) });
L('create dup', sub { $dom->create_checkpoint(cpxml('c1')) });
L('create malformed', sub { $dom->create_checkpoint('<domaincheckpoint') });
L('create wrong root', sub { $dom->create_checkpoint('<foo/>') });
L('create bad name', sub { $dom->create_checkpoint(cpxml('a/b')) });
L('create empty disks', sub { $dom->create_checkpoint(cpxml('e', '<disks/>')) });
L('create unknown disk', sub { $dom->create_checkpoint(cpxml('u', "<disks><disk name='vdz'/></disks>")) });
L('create redefine no time', sub { $dom->create_checkpoint(cpxml('r'), 1) });
L('create validate alone', sub { $dom->create_checkpoint(cpxml('v'), 4) });
L('create redefine validate', sub { $dom->create_checkpoint(cpxml('v'), 5) });
L('create flag 8', sub { $dom->create_checkpoint(cpxml('f'), 8) });
L('create flag -1', sub { $dom->create_checkpoint(cpxml('f'), -1) });
L('create flag abc', sub { $dom->create_checkpoint(cpxml('f'), 'abc') });
L('create undef xml', sub { $dom->create_checkpoint(undef) });
L('create no xml', sub { $dom->create_checkpoint() });
for my $name (qw(snapdom off nodisk)) {
    my $d = $conn->get_domain_by_name($name);
    L("create on $name", sub { $d->create_checkpoint(cpxml('x')) });
}
{
    my $d = $conn->get_domain_by_name('snapdom');
    L('list on snapdom', sub { $d->list_all_checkpoints });
}

L('list all', sub { names($dom->list_all_checkpoints) });
L('lookup c1', sub { $dom->get_checkpoint_by_name('c1') });
L('lookup c1 extra arg', sub { $dom->get_checkpoint_by_name('c1', 5) });

# ---------------------------------------------------------------- simple methods
L('get_name', sub { $c1->get_name });
S('get_name scalar', sub { $c1->get_name });
L('get_name usage', sub { $c1->get_name(1) });
L('get_name usage none', sub { &Sys::Virt::DomainCheckpoint::get_name() });
for my $f (0, 1, 2, 3, 4, 7, '2', undef, 'abc', -1, 1 << 20, 1.9, 4294967298, '4294967298', -4294967294) {
    my $label = 'xml flags ' . show($f);
    L($label, sub { $c1->get_xml_description($f) });
}
L('xml no flags', sub { $c1->get_xml_description });
L('xml usage', sub { $c1->get_xml_description(0, 0) });
L('parent root', sub { $c1->get_parent });
L('parent root flags', sub { $c1->get_parent(1) });
L('parent usage', sub { $c1->get_parent(0, 0) });
my $c2 = $dom->get_checkpoint_by_name('c2');
L('parent c2', sub { $c2->get_parent });
S('parent c2 scalar', sub { $c2->get_parent });
L('parent c5', sub { $dom->get_checkpoint_by_name('c5')->get_parent });
L('children c1', sub { $c1->list_all_children });
S('children c1 scalar', sub { $c1->list_all_children });
L('children c4', sub { $dom->get_checkpoint_by_name('c4')->list_all_children });
S('children c5 scalar', sub { $dom->get_checkpoint_by_name('c5')->list_all_children });
L('children c1 desc', sub { names($c1->list_all_children(1)) });
L('children c1 desc topo', sub { ordered($c1->list_all_children(3)) });
L('children c1 leaves', sub { names($c1->list_all_children(5)) });
L('children c1 noleaves', sub { names($c1->list_all_children(9)) });
L('children c1 bad flag', sub { $c1->list_all_children(1 << 10) });
L('children usage', sub { $c1->list_all_children(0, 0) });

# ---------------------------------------------------------------- domain lists
for my $f (0, 1, 2, 3, 4, 8, 12, 1 << 10) {
    L("list_all_checkpoints $f", sub {
        my @l = $dom->list_all_checkpoints($f);
        ($f & 2) ? ordered(@l) : names(@l);
    });
}
S('list_all_checkpoints scalar topo', sub { $dom->list_all_checkpoints(2) });
L('list_all_checkpoints undef', sub { names($dom->list_all_checkpoints(undef)) });
L('list usage', sub { $dom->list_all_checkpoints(0, 0) });
L('domains with checkpoint', sub { join ',', sort map { $_->get_name } $conn->list_all_domains(Sys::Virt::Domain::LIST_HAS_CHECKPOINT) });
L('domains without checkpoint', sub { join ',', sort map { $_->get_name } $conn->list_all_domains(Sys::Virt::Domain::LIST_NO_CHECKPOINT) });

# ---------------------------------------------------------------- _new
L('_new name', sub { Sys::Virt::DomainCheckpoint->_new(domain => $dom, name => 'c1') });
L('_new name wins', sub { Sys::Virt::DomainCheckpoint->_new(domain => $dom, name => 'c2', xml => cpxml('zz')) });
L('_new name missing', sub { Sys::Virt::DomainCheckpoint->_new(domain => $dom, name => 'zz') });
L('_new no domain', sub { Sys::Virt::DomainCheckpoint->_new(name => 'c1') });
L('_new nothing', sub { Sys::Virt::DomainCheckpoint->_new(domain => $dom) });
L('_new odd', sub { Sys::Virt::DomainCheckpoint->_new(domain => $dom, 'name') });
L('_new subclass', sub { My::Subclass->_new(domain => $dom, name => 'c1') });
L('_new via object', sub { $c1->_new(domain => $dom, name => 'c2') });
L('_new xml', sub { Sys::Virt::DomainCheckpoint->_new(domain => $dom, xml => cpxml('n1'), flags => 0) });
L('_new xml flags undef', sub { Sys::Virt::DomainCheckpoint->_new(domain => $dom, xml => cpxml('n2'), flags => undef) });
L('_new xml bad flags', sub { Sys::Virt::DomainCheckpoint->_new(domain => $dom, xml => cpxml('n3'), flags => 64) });
L('_new undef domain', sub { Sys::Virt::DomainCheckpoint->_new(domain => undef, name => 'c1') });
L('_new reversed pairs', sub { Sys::Virt::DomainCheckpoint->_new(name => 'c1', domain => $dom) });
L('_new undef key', sub { Sys::Virt::DomainCheckpoint->_new(undef, $dom, name => 'c1') });
L('_new name undef', sub { Sys::Virt::DomainCheckpoint->_new(domain => $dom, name => undef) });
L('_new nonobj domain', sub { Sys::Virt::DomainCheckpoint->_new(domain => 'x', name => 'c1') });
L('by name extra args', sub { $dom->get_checkpoint_by_name('c1', 5) });
L('by name no arg', sub { $dom->get_checkpoint_by_name() });
L('by name nonobj', sub { Sys::Virt::Domain::get_checkpoint_by_name('x', 'c1') });
L('by name undef dom', sub { Sys::Virt::Domain::get_checkpoint_by_name(undef, 'c1') });
{
    # A wrapped _new is honoured by the domain's lookup.
    no warnings 'redefine';
    my $orig = \&Sys::Virt::DomainCheckpoint::_new;
    local *Sys::Virt::DomainCheckpoint::_new = sub { print "wrapped _new: ", scalar(@_), " args\n"; goto &$orig };
    L('by name wrapped _new', sub { $dom->get_checkpoint_by_name('c1') });
}
L('_lookup_by_name flags', sub { Sys::Virt::DomainCheckpoint::_lookup_by_name($dom, 'c1', 1) });
L('_lookup_by_name usage', sub { &Sys::Virt::DomainCheckpoint::_lookup_by_name($dom) });
L('_create_xml usage', sub { &Sys::Virt::DomainCheckpoint::_create_xml($dom) });
L('_create_xml nonobj', sub { Sys::Virt::DomainCheckpoint::_create_xml('x', cpxml('n4')) });
L('_lookup_by_name nonobj', sub { Sys::Virt::DomainCheckpoint::_lookup_by_name('x', 'c1') });
L('_lookup_by_name nonobj undef', sub { Sys::Virt::DomainCheckpoint::_lookup_by_name('x', undef, undef) });
L('_create_xml nonobj undef', sub { Sys::Virt::DomainCheckpoint::_create_xml('x', undef, 'abc') });
L('_create_xml undef flags', sub { Sys::Virt::DomainCheckpoint::_create_xml($dom, cpxml('n5'), undef)->delete });
L('delete n1 n2', sub { $_->delete for map { $dom->get_checkpoint_by_name($_) } qw(n1 n2); 'done' });

# ---------------------------------------------------------------- non-objects
for my $m (qw(get_name get_xml_description delete get_parent list_all_children)) {
    no strict 'refs';
    my $f = "Sys::Virt::DomainCheckpoint::$m";
    L("nonobj $m string", sub { &$f('x') });
    S("nonobj $m string scalar", sub { &$f('x') });
    L("nonobj $m undef", sub { &$f(undef) });
    L("nonobj $m hashref", sub { &$f({}) });
    L("nonobj $m class", sub { Sys::Virt::DomainCheckpoint->$m() });
    next if $m eq 'get_name';
    # Plain arguments are converted (with their warnings) before the object is checked.
    L("nonobj $m undef flags", sub { &$f('x', undef) });
    L("nonobj $m abc flags", sub { &$f('x', 'abc') });
}
for my $m (qw(list_all_checkpoints backup_get_xml_description)) {
    no strict 'refs';
    my $f = "Sys::Virt::Domain::$m";
    L("dom nonobj $m", sub { &$f('x') });
}
L('dom nonobj backup_begin', sub { Sys::Virt::Domain::backup_begin('x', undef, undef) });
L('dom nonobj backup_begin flags', sub { Sys::Virt::Domain::backup_begin('x', 'a', 'b', undef) });
L('dom nonobj list_all_checkpoints flags', sub { Sys::Virt::Domain::list_all_checkpoints('x', 'abc') });
L('dom nonobj backup_get_xml_description flags', sub { Sys::Virt::Domain::backup_get_xml_description('x', undef) });
L('dom nonobj create_checkpoint', sub { Sys::Virt::Domain::create_checkpoint('x', cpxml('q')) });
L('dom nonobj get_checkpoint_by_name', sub { Sys::Virt::Domain::get_checkpoint_by_name('x', 'c1') });

# ---------------------------------------------------------------- backup
L('backup_begin', sub { $dom->backup_begin('<domainbackup/>', undef) });
L('backup_begin with cp', sub { $dom->backup_begin('<domainbackup/>', cpxml('b1'), 0) });
L('backup_begin undef undef', sub { $dom->backup_begin(undef, undef) });
L('backup_begin usage', sub { $dom->backup_begin('<domainbackup/>') });
L('backup_begin usage many', sub { $dom->backup_begin(1, 2, 3, 4) });
L('backup_get_xml_description', sub { $dom->backup_get_xml_description });
L('backup_get_xml_description flags', sub { $dom->backup_get_xml_description(1) });
L('backup_get_xml_description usage', sub { $dom->backup_get_xml_description(1, 2) });

# ---------------------------------------------------------------- bytes
{
    my $desc = "smile \x{263A} here";
    my $cp = S('create utf8', sub { $dom->create_checkpoint(cpxml('u8', "<description>$desc</description>")) });
    my $xml = $cp->get_xml_description(2);
    my ($d) = $xml =~ m{<description>(.*)</description>}s;
    print "utf8 flag: ", (utf8::is_utf8($xml) ? 1 : 0), " desc hex: ", unpack('H*', $d), "\n";
    my $latin = "caf\x{e9}";    # a native 8-bit string: goes as its internal bytes
    my $cp2 = S('create latin1 downgraded', sub { $dom->create_checkpoint(cpxml('l1', "<description>$latin</description>")) });
    utf8::upgrade($latin);
    my $cp3 = S('create latin1 upgraded', sub { $dom->create_checkpoint(cpxml('l2', "<description>$latin</description>")) });
    for my $c (grep { defined } $cp2, $cp3) {
        my ($x) = $c->get_xml_description(2) =~ m{<description>(.*)</description>}s;
        print "latin1 ", $c->get_name, " hex: ", unpack('H*', $x), "\n";
    }
    my $uname = "\x{263A}n";
    my $cp4 = S('create utf8 name', sub { $dom->create_checkpoint(cpxml($uname)) });
    if ($cp4) {
        my $n = $cp4->get_name;
        print "utf8 name: ", unpack('H*', $n), " flag=", (utf8::is_utf8($n) ? 1 : 0), "\n";
        S('lookup utf8 name', sub { $dom->get_checkpoint_by_name($uname) });
        $cp4->delete;
    }
    $_->delete for grep { defined } $cp, $cp2, $cp3;
}

# ---------------------------------------------------------------- delete
{
    # c1 -> c2 -> c3 -> c4 -> c5 (each made while the previous was current).
    my $c3 = $dom->get_checkpoint_by_name('c3');
    L('delete c3 list', sub { $c3->delete });
    print "after delete c3: ", names($dom->list_all_checkpoints), "\n";
    L('get_name after delete', sub { $c3->get_name });
    L('xml after delete', sub { $c3->get_xml_description });
    L('parent after delete', sub { $c3->get_parent });
    L('children after delete', sub { $c3->list_all_children });
    L('delete again', sub { $c3->delete });
    L('c4 parent now', sub { $dom->get_checkpoint_by_name('c4')->get_parent });
    my $c4 = $dom->get_checkpoint_by_name('c4');
    S('delete c4 scalar', sub { $c4->delete(Sys::Virt::DomainCheckpoint::DELETE_METADATA_ONLY) });
    print "after delete c4 metadata: ", names($dom->list_all_checkpoints), "\n";
    L('c5 parent now', sub { $dom->get_checkpoint_by_name('c5')->get_parent });
    L('delete -1', sub { $c2->delete(-1) });
    L('delete 1<<20', sub { $c2->delete(1 << 20) });
    L('delete 5', sub { $c2->delete(5) });
    L('delete "4"', sub { $c2->delete('4') });
    print "after delete c2 children only: ", names($dom->list_all_checkpoints), "\n";
    L('delete undef', sub { $c2->delete(undef) });
    print "after delete c2: ", names($dom->list_all_checkpoints), "\n";
    for my $n (qw(d1 d2 d3)) { $dom->create_checkpoint(cpxml($n)) }
    L('delete c1 children', sub { $c1->delete(Sys::Virt::DomainCheckpoint::DELETE_CHILDREN) });
    L('after delete c1 children', sub { names($dom->list_all_checkpoints) });
    L('delete usage', sub { $c1->delete(0, 0) });
}

# ---------------------------------------------------------------- redefine
{
    my $a = $dom->create_checkpoint(cpxml('ra'));
    my $b = $dom->create_checkpoint(cpxml('rb'));
    my $xml = $a->get_xml_description;
    L('delete ra metadata', sub { $a->delete(Sys::Virt::DomainCheckpoint::DELETE_METADATA_ONLY) });
    L('rb parent orphan', sub { $b->get_parent });
    L('redefine ra', sub { $dom->create_checkpoint($xml, Sys::Virt::DomainCheckpoint::CREATE_REDEFINE) });
    L('redefine ra again', sub { $dom->create_checkpoint($xml, Sys::Virt::DomainCheckpoint::CREATE_REDEFINE) });
    L('redefine ra validate', sub { $dom->create_checkpoint($xml, 5) });
    L('after redefine', sub { names($dom->list_all_checkpoints) });
    L('rb parent redefined', sub { $b->get_parent });
    L('delete ra children', sub { $a->delete(1) });
    L('after ra children', sub { names($dom->list_all_checkpoints) });
}

# ---------------------------------------------------------------- default name
{
    my $cp = eval { $dom->create_checkpoint('<domaincheckpoint/>') };
    print "default name: ", (!$cp ? show($@) : $cp->get_name =~ /\A\d+\z/ ? 'digits' : 'other'), "\n";
    $cp->delete if $cp;
}

# ---------------------------------------------------------------- lifetime and DESTROY
{
    my $keep;
    {
        my $c = Sys::Virt->new(uri => $uri);
        my $d = $c->get_domain_by_name('test');
        $d->create_checkpoint(cpxml('life1'));
        $keep = $d->create_checkpoint(cpxml('life2'));
    }
    L('outlive name', sub { $keep->get_name });
    L('outlive parent', sub { $keep->get_parent });
    L('outlive xml', sub { length $keep->get_xml_description });
    L('outlive delete', sub { $keep->get_parent->delete(1) });
    L('outlive after', sub { $keep->get_name });
    undef $keep;

    my $cp = $dom->create_checkpoint(cpxml('gone'));
    print "before DESTROY: reftype=", reftype($cp), " nonzero=", ($$cp ? 1 : 0), "\n";
    L('DESTROY', sub { $cp->DESTROY });
    print "after DESTROY: reftype=", reftype($cp), " value=", $$cp, "\n";
    L('DESTROY again', sub { $cp->DESTROY });
    L('DESTROY usage', sub { &Sys::Virt::DomainCheckpoint::DESTROY() });
    undef $cp;
    L('gone still there', sub { $dom->get_checkpoint_by_name('gone')->get_name });
    $dom->get_checkpoint_by_name('gone')->delete;
}

# ---------------------------------------------------------------- undefine with checkpoints
{
    $dom->create_checkpoint(cpxml('last'));
    L('final list', sub { names($dom->list_all_checkpoints) });
    L('undefine metadata', sub { $dom->undefine(Sys::Virt::Domain::UNDEFINE_CHECKPOINTS_METADATA) });
    L('undefine plain', sub { $dom->undefine });
    L('list after undefine', sub { names($dom->list_all_checkpoints) });
}

print "END\n";
