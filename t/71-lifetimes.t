#!/usr/bin/perl
# Object lifetimes: objects outliving their connection, objects of an undefined domain,
# DESTROY called by hand (twice), objects left in globals at interpreter exit, and
# circular structures holding objects. Nothing may crash; errors are Sys::Virt::Error.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use TestDriver qw(private_uri);
use POSIX ();
use Sys::Virt;

my $URI = private_uri();

sub cpxml { "<domaincheckpoint><name>$_[0]</name></domaincheckpoint>" }

sub code_of { my $e = shift; ref($e) && eval { $e->isa('Sys::Virt::Error') } ? $e->code : "not an error: $e" }

# 1. Connection and domain objects gone: the checkpoint keeps working.
{
    my ($cp, $child);
    {
        my $c = Sys::Virt->new(uri => $URI);
        my $d = $c->get_domain_by_name('test');
        $d->create_checkpoint(cpxml('a'));
        $cp = $d->create_checkpoint(cpxml('b'));
    }
    is($cp->get_name, 'b', 'checkpoint works after its connection and domain objects are gone');
    my $p = $cp->get_parent;
    is($p->get_name, 'a', '... get_parent too');
    is_deeply([ map { $_->get_name } $p->list_all_children ], ['b'], '... list_all_children too');
    like($cp->get_xml_description, qr/<name>b<\/name>/, '... get_xml_description too');
    ok(eval { $cp->delete; 1 }, '... delete too') or diag($@);
    is($cp->get_name, 'b', 'a deleted checkpoint still knows its name');
    ok(!eval { $cp->get_xml_description; 1 }, 'other calls on it fail');
    is(code_of($@), 103, '... with error 103');

    my $dom;
    {
        my $c = Sys::Virt->new(uri => $URI);
        $dom = $c->get_domain_by_name('test');
    }
    is($dom->get_name, 'test', 'domain works after its connection object is gone');
    ok(eval { $dom->create_checkpoint(cpxml('c')); 1 }, '... and can make checkpoints') or diag($@);
}

# 2. Objects of an undefined domain: errors, not crashes.
{
    my $c = Sys::Virt->new(uri => $URI);
    my $xml = "<domain type='test'><name>tmp</name><memory>8192</memory>"
        . "<os><type>hvm</type></os><devices><disk type='file' device='disk'>"
        . "<source file='/x'/><target dev='vda'/></disk></devices></domain>";
    my $d = $c->define_domain($xml);
    ok(eval { $d->undefine; 1 }, 'defined domain undefined') or diag($@);
    (my $txml = $xml) =~ s/tmp/trans/;
    my $t = $c->create_domain($txml);
    my $cp = $t->create_checkpoint(cpxml('t1'));
    my $cp2 = $t->create_checkpoint(cpxml('t2'));
    ok(eval { $t->destroy; 1 }, 'transient domain with checkpoints destroyed (gone)') or diag($@);
    is($d->get_name, 'tmp', 'its object still answers get_name');
    for my $m (qw(get_xml_description get_state get_info undefine list_all_checkpoints)) {
        ok(!eval { $d->$m; 1 }, "domain->$m after undefine dies");
        is(code_of($@), 42, '... with error 42 (no domain)');
    }
    is($cp->get_name, 't1', 'checkpoint of the undefined domain still has its name');
    for my $m (qw(get_xml_description get_parent list_all_children delete)) {
        ok(!eval { $cp2->$m; 1 }, "checkpoint->$m after undefine dies");
        like(code_of($@), qr/\A\d+\z/, "... with a libvirt error (" . code_of($@) . ')');
    }
    ok(!eval { $t->get_checkpoint_by_name('t1'); 1 }, 'lookup on the vanished domain dies');
    ok(!eval { $t->create_checkpoint(cpxml('t3')); 1 }, 'create on the vanished domain dies');
}

# 3. DESTROY by hand, twice; then the object is inert, and its value is 0.
{
    my $c = Sys::Virt->new(uri => $URI);
    my $d = $c->get_domain_by_name('test');
    my $cp = $d->create_checkpoint(cpxml('d1'));
    for my $o ($cp, $d, $c) {
        my $class = ref $o;
        ok(eval { $o->DESTROY; $o->DESTROY; 1 }, "$class: DESTROY twice by hand") or diag($@);
        is($$o, 0, '... leaves 0 behind');
        my @w;
        local $SIG{__WARN__} = sub { push @w, @_ };
        # (get_uri and get_type answer undef instead of dying there, as in the XS module.)
        my $name = $class eq 'Sys::Virt' ? 'get_hostname' : 'get_name';
        ok(!eval { $o->$name; 1 }, "... $name afterwards dies");
        like(code_of($@), qr/\A\d+\z/, '... with a libvirt error (invalid pointer)');
        is_deeply(\@w, [], '... and no warning');
        if ($class eq 'Sys::Virt') {
            my @r = eval { $o->get_uri };
            is_deeply([$@, @r], ['', undef], '... get_uri answers undef, as the XS module');
        }
    }
    # The other objects still work (their own references), after the hand-destroys.
    my $c2 = Sys::Virt->new(uri => $URI);
    is($c2->get_domain_by_name('test')->get_name, 'test', 'a new connection works');
}

# Destroying through another object's DESTROY does nothing to the object.
{
    my $c = Sys::Virt->new(uri => $URI);
    my $d = $c->get_domain_by_name('test');
    my $cp = $d->create_checkpoint(cpxml('x1'));
    Sys::Virt::DESTROY($d);
    Sys::Virt::Domain::DESTROY($cp);
    Sys::Virt::DomainCheckpoint::DESTROY($c);
    is($d->get_name, 'test', 'Sys::Virt::DESTROY on a domain does not free it');
    is($cp->get_name, 'x1', 'Domain::DESTROY on a checkpoint does not free it');
    like($c->get_uri, qr/\Atest:/, 'DomainCheckpoint::DESTROY on a connection does not free it');
}

# 4. Circular structures holding objects (freed at global destruction or never).
{
    my $c = Sys::Virt->new(uri => $URI);
    my $d = $c->get_domain_by_name('test');
    my $cp = $d->create_checkpoint(cpxml('loop'));
    my %h = (c => $c, d => $d, cp => $cp);
    $h{self} = \%h;
    my @a = ($cp);
    push @a, \@a;
    my $s = \my $x;
    $x = [ $d, $s ];
    is($h{cp}->get_name, 'loop', 'objects inside cycles work');
    # break one cycle by hand and drop it
    delete $h{self};
}

# 5. Objects left in globals, and in cycles, at interpreter exit: child processes.
my @inc = map { "-I$_" } grep { !ref } @INC;
my $common = "use strict; use warnings; use Sys::Virt; "
    . "our \$c = Sys::Virt->new(uri => '$URI'); our \$d = \$c->get_domain_by_name('test'); "
    . "our \$cp = \$d->create_checkpoint('<domaincheckpoint><name>g</name></domaincheckpoint>'); "
    . "our \@all = (\$d->list_all_checkpoints); our %h = (c => \$c, d => \$d); \$h{self} = \\%h; "
    . "my \$cyc = [\$cp]; push \@\$cyc, \$cyc; ";
my %endings = (
    'normal end'          => '',
    'exit 0'              => 'exit 0;',
    'die in eval'         => 'eval { die "x" }; ',
    'connection undef first' => 'undef $c; undef %h; ',
    'DESTROY by hand then exit' => '$cp->DESTROY; $d->DESTROY; $c->DESTROY;',
    'END block uses them' => 'END { our $cp; print STDERR "" unless $cp->get_name eq "g" }',
    'POSIX::_exit'        => 'require POSIX; POSIX::_exit(0);',
);
for my $name (sort keys %endings) {
    my $pid = open(my $out, '-|');
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        open STDERR, '>&', \*STDOUT or POSIX::_exit(126);
        exec $^X, @inc, '-e', $common . $endings{$name} or POSIX::_exit(127);
    }
    my $text = join '', <$out>;
    close $out;
    is($?, 0, "globals at exit ($name): exit status 0");
    is($text, '', "... no output");
}

# 6. Objects freed by perl (no DESTROY call by hand) give their libvirt references back: once
# every object of a test:///default connection is gone, libvirt closes that connection and
# forgets its state, so a new connection sees no checkpoint. Also through a subclass whose
# DESTROY does not call SUPER::DESTROY, with a weak reference to the object, and (in a child
# process) after threads::shared has replaced perl's destroy hook, which the module uses to
# free its objects' magic early.
{
    package My::Checkpoint;
    our @ISA = ('Sys::Virt::DomainCheckpoint');
    our $destroyed = 0;
    sub DESTROY { $destroyed++ }
}
sub objects_given_back {
    my ($via) = @_;
    my $weak;
    {
        my $c = Sys::Virt->new(uri => 'test:///default');
        my $d = $c->get_domain_by_name('test');
        my $cp = $d->create_checkpoint('<domaincheckpoint><name>freed</name></domaincheckpoint>');
        bless $cp, 'My::Checkpoint' if $via =~ /subclass/;
        if ($via =~ /weak/) {
            $weak = $cp;
            Scalar::Util::weaken($weak);
        }
        if ($via =~ /threads::shared/) {
            require threads;
            require threads::shared;
        }
        my @all = $d->list_all_checkpoints;
        is(scalar(@all), 1, "$via: one checkpoint while the objects live");
    }
    ok(!defined $weak, "$via: the weak reference was cleared") if $via =~ /weak/;
    my $c2 = Sys::Virt->new(uri => 'test:///default');
    is(scalar(my @l = $c2->get_domain_by_name('test')->list_all_checkpoints), 0,
       "$via: every reference was given back when perl freed the objects");
}
require Scalar::Util;
objects_given_back($_) for 'plain objects', 'a subclass with its own DESTROY',
  'an object with a weak reference';
is($My::Checkpoint::destroyed, 1, "a subclass's own DESTROY is still called");
SKIP: {
    require Config;
    skip 'this perl has no threads', 1 unless $Config::Config{useithreads};
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        my $builder = Test::More->builder;
        $builder->reset;    # the child counts its own tests, reported through its exit code
        $builder->no_ending(1);
        $builder->output(\my $out);
        $builder->failure_output(\my $err);
        objects_given_back('threads::shared loaded');
        POSIX::_exit(($builder->is_passing && $builder->current_test == 2) ? 0 : 1);
    }
    waitpid $pid, 0;
    is($?, 0, 'every reference given back after threads::shared replaced the destroy hook');
}
ok(Sys::Virt::DomainCheckpoint->can('DESTROY'), 'DESTROY is still a method');

done_testing();
