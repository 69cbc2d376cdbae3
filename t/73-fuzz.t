#!/usr/bin/perl
# Fuzzing the checkpoint calls: a few thousand generated and mutated checkpoint XML
# documents and flag values thrown at a private test-driver state, with a deterministic
# seed; then consistency checks on what is left: every listed checkpoint can be looked up
# by name, each child's parent is the checkpoint it was listed under, roots have no
# parent, and the LIST_ROOTS listing agrees. Nothing may crash; every failure must be a
# Sys::Virt::Error (or our NUL-byte die).
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use TestDriver qw(private_uri);
use Time::HiRes qw(time);
use Sys::Virt;

my $SEED = $ENV{SYS_VIRT_FUZZ_SEED} // 20240601;
my $N = $ENV{SYS_VIRT_FUZZ_N} // 3000;
srand($SEED);
note("seed $SEED, $N inputs");

my $c = Sys::Virt->new(uri => private_uri(extra_disk => 1));
my $d = $c->get_domain_by_name('test');

sub pick { $_[ int rand @_ ] }

my @NAMES = (qw(a b c cp1 cp2 full inc1 inc2 x), 'with space', "\x{263a}", 'a/b', '..', '',
             'n' x 300, "tab\there", '<lt', "amp&amp;");
my @FLAGS = (0, 0, 0, 1, 2, 4, 8, 3, 5, 2**31, 2**32 + 1, -1, undef, 'abc', 1e30, 'inf');

sub esc { my $s = shift; $s =~ s/&(?!amp;)/&amp;/g; $s =~ s/</&lt;/g; $s }

sub gen_xml {
    my @parts;
    push @parts, '<name>' . esc(pick(@NAMES) . (rand() < 0.5 ? int(rand 1000) : '')) . '</name>'
        if rand() < 0.9;
    push @parts, '<description>' . esc(pick('d', "\x{263a}", 'x' x 1000)) . '</description>'
        if rand() < 0.3;
    if (rand() < 0.4) {
        my @disks = map {
            my $disk = pick(qw(vda vdb vdc sda), '');
            '<disk name="' . $disk . '"' . (rand() < 0.5 ? ' checkpoint="' . pick(qw(bitmap no bogus)) . '"' : '')
                . (rand() < 0.3 ? ' bitmap="' . pick(qw(b1 b2), '') . '"' : '') . '/>'
        } 1 .. int(rand 3);
        push @parts, '<disks>' . join('', @disks) . '</disks>';
    }
    push @parts, '<creationTime>' . int(rand 2e9) . '</creationTime>' if rand() < 0.2;
    push @parts, '<parent><name>' . esc(pick(@NAMES)) . '</name></parent>' if rand() < 0.2;
    my $root = rand() < 0.95 ? 'domaincheckpoint' : pick(qw(domainsnapshot domain foo));
    return "<$root>" . join('', sort { rand() <=> 0.5 } @parts) . "</$root>";
}

sub mutate {
    my $s = shift;
    my $n = 1 + int rand 4;
    for (1 .. $n) {
        my $pos = int rand(length($s) + 1);
        my $op = int rand 6;
        if ($op == 0) { substr($s, $pos, 1, '') }                                   # delete
        elsif ($op == 1) { substr($s, $pos, 0, chr(int rand 256)) }                 # byte
        elsif ($op == 2) { substr($s, $pos, 0, pick('<', '>', '/', '"', '&', "\0", ']]>', '<!--')) }
        elsif ($op == 3) { substr($s, $pos, 0, substr($s, int rand(length $s), int rand 20)) }  # dup
        elsif ($op == 4) { $s = substr($s, 0, $pos) }                               # truncate
        else { substr($s, $pos, 0, chr(0x100 + int rand 0x2000)) }                  # wide char
    }
    return $s;
}

my %by_code;
my ($tried, $created, $other_dies) = (0, 0, 0);
my %seen_ok;
# A time budget keeps the test short; under valgrind (about 50 times slower) raise it with
# SYS_VIRT_FUZZ_SECONDS so that the input count below is still reached.
my $BUDGET = $ENV{SYS_VIRT_FUZZ_SECONDS} || 20;
my $t0 = time;
for my $i (1 .. $N) {
    last if time - $t0 > $BUDGET;
    my $xml = rand() < 0.6 ? gen_xml() : mutate(gen_xml());
    my $flags = pick(@FLAGS);
    my $op = rand();
    $tried++;
    my $r = do {
        local $SIG{__WARN__} = sub { };
        eval {
            if ($op < 0.55) {
                my $cp = $d->create_checkpoint($xml, $flags);
                $created++;
                $seen_ok{create}++;
            } elsif ($op < 0.59) {
                my @l = $d->list_all_checkpoints($flags);
                if (@l > 20) { my $x = pick(@l); $x->delete(pick(0, 0, 1, 2, 4, 8, $flags)); $seen_ok{delete}++ }
            } elsif ($op < 0.75) {
                my @l = $d->list_all_checkpoints;
                if (@l) { my $x = pick(@l); $x->get_xml_description($flags); $seen_ok{xml}++ }
            } elsif ($op < 0.85) {
                my @l = $d->list_all_checkpoints;
                if (@l) { my $x = pick(@l); my @k = $x->list_all_children($flags); $seen_ok{children}++ }
            } elsif ($op < 0.92) {
                my @l = $d->list_all_checkpoints;
                if (@l) { my $x = pick(@l); $x->get_parent($flags); $seen_ok{parent}++ }
            } else {
                $d->get_checkpoint_by_name(rand() < 0.5 ? pick(@NAMES) : mutate(pick(@NAMES) . 'x'));
                $seen_ok{lookup}++;
            }
            1;
        };
    };
    next if $r;
    my $e = $@;
    if (ref($e) && eval { $e->isa('Sys::Virt::Error') }) {
        $by_code{ $e->code . '/' . $e->domain }++;
    } elsif ("$e" =~ /contains a NUL byte/) {
        $by_code{'NUL byte die'}++;
    } else {
        $other_dies++;
        diag("unexpected die: $e") if $other_dies < 5;
    }
}
note(sprintf "%d inputs tried in %.1fs; %d checkpoints created", $tried, time - $t0, $created);
note("successful operations: " . join(', ', map { "$_ $seen_ok{$_}" } sort keys %seen_ok));
note("errors by code/domain: " . join(', ', map { "$_: $by_code{$_}" } sort keys %by_code));
cmp_ok($tried, '>=', 1000, 'at least 1000 inputs tried');
is($other_dies, 0, 'every failure was a Sys::Virt::Error or the NUL-byte die');
ok($created > 0, 'some checkpoints were created');

# Consistency of what is left.
my @all = $d->list_all_checkpoints;
my %names = map { $_->get_name => 1 } @all;
note(scalar(@all) . ' checkpoints at the end');
is(scalar(keys %names), scalar(@all), 'names are unique');
my ($lookups, $links, $roots) = (0, 0, 0);
my @bad;
for my $cp (@all) {
    my $name = $cp->get_name;
    my $again = eval { $d->get_checkpoint_by_name($name) };
    if ($again && $again->get_name eq $name) { $lookups++ } else { push @bad, "lookup of '$name' failed: $@" }
    for my $child ($cp->list_all_children) {
        my $p = eval { $child->get_parent };
        if ($p && $p->get_name eq $name) { $links++ }
        else { push @bad, "child '" . $child->get_name . "' of '$name' has parent " . ($p ? $p->get_name : "none ($@)") }
    }
    my $p = eval { $cp->get_parent };
    if (!$p) {
        $roots++;
        push @bad, "root '$name': get_parent failed with something else than 103: $@"
            unless ref($@) && $@->code == 103;
    } elsif (!$names{ $p->get_name }) {
        push @bad, "parent of '$name' is not listed: " . $p->get_name;
    }
}
my %root_list = map { $_->get_name => 1 } $d->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_ROOTS);
is(scalar(keys %root_list), $roots, 'LIST_ROOTS gives exactly the checkpoints without a parent');
my @desc = map { $_->get_name } map { $_->list_all_children(Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS) }
    grep { $root_list{ $_->get_name } } @all;
is(scalar(@desc) + $roots, scalar(@all), 'roots plus their descendants are all checkpoints');
is_deeply(\@bad, [], "consistency: $lookups lookups, $links parent links, $roots roots");

done_testing();
