#!/usr/bin/perl
# Checkpoint trees on libvirt's test driver: a chain of 1,000 checkpoints (parent links,
# descendants in topological order) and a branching tree (roots, leaves, descendants,
# topological order, every delete flag and the re-parenting of children).
#
# Each part opens test:///PATH afresh, which gives it its own state (t/lib/CheckpointNode.pm).
# libvirt validates each checkpoint's XML against its schema, so one creation costs some
# milliseconds: the chain dominates the run time.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Sys::Virt;
use CheckpointNode qw(node_uri);

use constant {
    REDEFINE     => Sys::Virt::DomainCheckpoint::CREATE_REDEFINE,
    ROOTS        => Sys::Virt::DomainCheckpoint::LIST_ROOTS,
    DESCENDANTS  => Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS,
    TOPOLOGICAL  => Sys::Virt::DomainCheckpoint::LIST_TOPOLOGICAL,
    LEAVES       => Sys::Virt::DomainCheckpoint::LIST_LEAVES,
    NO_LEAVES    => Sys::Virt::DomainCheckpoint::LIST_NO_LEAVES,
    CHILDREN     => Sys::Virt::DomainCheckpoint::DELETE_CHILDREN,
    METADATA     => Sys::Virt::DomainCheckpoint::DELETE_METADATA_ONLY,
    CHILDREN_ONLY => Sys::Virt::DomainCheckpoint::DELETE_CHILDREN_ONLY,
};

sub fresh_domain { Sys::Virt->new(uri => node_uri())->get_domain_by_name('test') }
sub names   { join ',', sort map { $_->get_name } @_ }
sub ordered { join ',', map { $_->get_name } @_ }

# name => parent name ('' for a root), for every checkpoint of $dom.
sub parent_map {
    my ($dom) = @_;
    my %p;
    for my $cp ($dom->list_all_checkpoints) {
        my $parent = eval { $cp->get_parent };
        if (!$parent) {
            die $@ unless ref $@ && $@->code == 103;
            $p{ $cp->get_name } = '';
        } else {
            $p{ $cp->get_name } = $parent->get_name;
        }
    }
    return \%p;
}

# Whether, in the list of names @$order, every checkpoint comes after its parent (when its
# parent is in the list at all).
sub parents_first {
    my ($order, $parents) = @_;
    my %pos;
    @pos{@$order} = 0 .. $#$order;
    for my $n (@$order) {
        my $p = $parents->{$n};
        next unless defined $p && length $p && exists $pos{$p};
        return 0 unless $pos{$p} < $pos{$n};
    }
    return 1;
}

# ------------------------------------------------------------------------- the chain
subtest 'chain of 1000' => sub {
    my $N = 1000;
    my $dom = fresh_domain();
    for my $i (1 .. $N) {
        $dom->create_checkpoint("<domaincheckpoint><name>k$i</name></domaincheckpoint>");
    }
    my @all = $dom->list_all_checkpoints;
    is(scalar(@all), $N, "$N checkpoints");
    is(names($dom->list_all_checkpoints(ROOTS)), 'k1', 'one root');
    is(names($dom->list_all_checkpoints(LEAVES)), "k$N", 'one leaf');
    is(scalar(my @nl = $dom->list_all_checkpoints(NO_LEAVES)), $N - 1, 'the others are not leaves');

    # Walk the parent links from the newest back to the root.
    my $cp = $dom->get_checkpoint_by_name("k$N");
    my @walk = ($cp->get_name);
    while (1) {
        my $parent = eval { $cp->get_parent };
        if (!$parent) {
            is(ref($@) && $@->code, 103, 'the root has no parent (103)');
            last;
        }
        push @walk, $parent->get_name;
        $cp = $parent;
        last if @walk > $N;
    }
    is(scalar(@walk), $N, 'the walk visits every checkpoint once');
    is_deeply(\@walk, [map { "k$_" } reverse 1 .. $N], '... from the newest to k1');

    my $root = $dom->get_checkpoint_by_name('k1');
    is(ordered($root->list_all_children), 'k2', 'the root has one child');
    my @desc = $root->list_all_children(DESCENDANTS | TOPOLOGICAL);
    is(scalar(@desc), $N - 1, 'descendants of the root: all the others');
    is_deeply([map { $_->get_name } @desc], [map { "k$_" } 2 .. $N], '... in chain order (topological)');
    is_deeply([map { $_->get_name } $dom->list_all_checkpoints(TOPOLOGICAL)], [map { "k$_" } 1 .. $N],
              'list_all_checkpoints(LIST_TOPOLOGICAL): chain order');
    my $last = $root->list_all_children(DESCENDANTS | TOPOLOGICAL);
    is($last->get_name, "k$N", 'scalar context: the last descendant');

    # Delete from the middle, then below a point, then everything.
    $dom->get_checkpoint_by_name('k500')->delete;
    is($dom->get_checkpoint_by_name('k501')->get_parent->get_name, 'k499', 'deleting k500 re-parents k501');
    $dom->get_checkpoint_by_name('k900')->delete(CHILDREN_ONLY);
    is(names($dom->get_checkpoint_by_name('k900')->list_all_children(DESCENDANTS)), '', 'CHILDREN_ONLY empties below k900');
    is(scalar(@all = $dom->list_all_checkpoints), 899, '... 899 left');
    is(names($dom->list_all_checkpoints(LEAVES)), 'k900', '... k900 is the leaf');
    $root->delete(CHILDREN);
    is_deeply([$dom->list_all_checkpoints], [], 'deleting the root with CHILDREN empties the chain');
};

# ------------------------------------------------------------------------- a branching tree
#   r1 ─┬─ a ─┬─ a1 ── a1x        r2 ── c
#       │     └─ a2
#       └─ b ──── b1
my @TREE = ([r1 => ''], [a => 'r1'], [b => 'r1'], [a1 => 'a'], [a2 => 'a'], [a1x => 'a1'],
            [b1 => 'b'], [r2 => ''], [c => 'r2']);
my %TREE = map { @$_ } @TREE;

sub build_tree {
    my $dom = fresh_domain();
    my $t = 1000;
    for my $node (@TREE) {
        my ($n, $p) = @$node;
        my $parent = length $p ? "<parent><name>$p</name></parent>" : '';
        $t++;
        $dom->create_checkpoint("<domaincheckpoint><name>$n</name>$parent<creationTime>$t</creationTime>"
                                . "<disks><disk name='vda' checkpoint='bitmap' bitmap='$n'/></disks>"
                                . "</domaincheckpoint>", REDEFINE);
    }
    return $dom;
}

subtest 'branching tree' => sub {
    my $dom = build_tree();
    is_deeply(parent_map($dom), \%TREE, 'built as asked (CREATE_REDEFINE with <parent>)');
    is(names($dom->list_all_checkpoints), 'a,a1,a1x,a2,b,b1,c,r1,r2', 'all nine');
    is(names($dom->list_all_checkpoints(ROOTS)), 'r1,r2', 'LIST_ROOTS');
    is(names($dom->list_all_checkpoints(LEAVES)), 'a1x,a2,b1,c', 'LIST_LEAVES');
    is(names($dom->list_all_checkpoints(NO_LEAVES)), 'a,a1,b,r1,r2', 'LIST_NO_LEAVES');
    is(names($dom->list_all_checkpoints(ROOTS | LEAVES)), '', 'roots that are leaves: none');
    is(names($dom->list_all_checkpoints(ROOTS | NO_LEAVES)), 'r1,r2', 'roots that are not leaves');

    my @topo = map { $_->get_name } $dom->list_all_checkpoints(TOPOLOGICAL);
    is(join(',', sort @topo), 'a,a1,a1x,a2,b,b1,c,r1,r2', 'LIST_TOPOLOGICAL lists all');
    ok(parents_first(\@topo, \%TREE), 'LIST_TOPOLOGICAL: each parent before its children') or diag("@topo");
    my @rtopo = map { $_->get_name } $dom->list_all_checkpoints(ROOTS | TOPOLOGICAL);
    is(join(',', sort @rtopo), 'r1,r2', 'ROOTS|TOPOLOGICAL');

    my $r1 = $dom->get_checkpoint_by_name('r1');
    is(names($r1->list_all_children), 'a,b', 'children of r1');
    is(names($r1->list_all_children(DESCENDANTS)), 'a,a1,a1x,a2,b,b1', 'descendants of r1');
    is(names($r1->list_all_children(DESCENDANTS | LEAVES)), 'a1x,a2,b1', 'descendants of r1 that are leaves');
    is(names($r1->list_all_children(DESCENDANTS | NO_LEAVES)), 'a,a1,b', 'descendants of r1 that are not leaves');
    is(names($r1->list_all_children(LEAVES)), '', 'children of r1 that are leaves: none');
    is(names($r1->list_all_children(NO_LEAVES)), 'a,b', 'children of r1 that are not leaves');
    my @d = map { $_->get_name } $r1->list_all_children(DESCENDANTS | TOPOLOGICAL);
    is(join(',', sort @d), 'a,a1,a1x,a2,b,b1', 'DESCENDANTS|TOPOLOGICAL lists them all');
    ok(parents_first(\@d, \%TREE), '... each parent before its children') or diag("@d");
    my $a = $dom->get_checkpoint_by_name('a');
    is(names($a->list_all_children), 'a1,a2', 'children of a');
    is(names($a->list_all_children(DESCENDANTS)), 'a1,a1x,a2', 'descendants of a');
    is(names($dom->get_checkpoint_by_name('c')->list_all_children(DESCENDANTS)), '', 'a leaf has no descendants');
    is($dom->get_checkpoint_by_name('a1x')->get_parent->get_name, 'a1', 'get_parent of a1x');
    is($a->get_parent->get_name, 'r1', 'get_parent of a');
    ok(!eval { $dom->get_checkpoint_by_name('r2')->get_parent } && ref $@ && $@->code == 103, 'a root has no parent');
};

# Each case: a fresh tree, one delete, the parent map expected afterwards.
my @DELETES = (
    ['a', 0, { %TREE, a => undef, a1 => 'r1', a2 => 'r1' }, 'plain: children go to the parent'],
    ['a', METADATA, { %TREE, a => undef, a1 => 'r1', a2 => 'r1' }, 'METADATA_ONLY: children go to the parent'],
    ['a', CHILDREN, { %TREE, a => undef, a1 => undef, a2 => undef, a1x => undef }, 'CHILDREN: the subtree goes'],
    ['a', CHILDREN | METADATA, { %TREE, a => undef, a1 => undef, a2 => undef, a1x => undef }, 'CHILDREN|METADATA_ONLY'],
    ['a', CHILDREN_ONLY, { %TREE, a1 => undef, a2 => undef, a1x => undef }, 'CHILDREN_ONLY: only below it'],
    ['a', CHILDREN_ONLY | METADATA, { %TREE, a1 => undef, a2 => undef, a1x => undef }, 'CHILDREN_ONLY|METADATA_ONLY'],
    ['r1', 0, { %TREE, r1 => undef, a => '', b => '' }, 'plain delete of a root: its children become roots'],
    ['r1', CHILDREN, { r2 => '', c => 'r2' }, 'CHILDREN on a root'],
    ['r1', CHILDREN_ONLY, { r1 => '', r2 => '', c => 'r2' }, 'CHILDREN_ONLY on a root'],
    ['a1x', 0, { %TREE, a1x => undef }, 'a leaf'],
    ['a1x', CHILDREN_ONLY, {%TREE}, 'CHILDREN_ONLY on a leaf: nothing'],
    ['b', 0, { %TREE, b => undef, b1 => 'r1' }, 'a single child moves up'],
);

subtest 'delete flags and re-parenting' => sub {
    for my $case (@DELETES) {
        my ($name, $flags, $want, $what) = @$case;
        my %want = map { defined $want->{$_} ? ($_ => $want->{$_}) : () } keys %$want;
        my $dom = build_tree();
        my $cp = $dom->get_checkpoint_by_name($name);
        my @r = eval { $cp->delete($flags) };
        is($@, '', "delete $name ($flags) succeeds") or next;
        is(scalar(@r), 0, '... returning nothing');
        is_deeply(parent_map($dom), \%want, "... $what");
        my @topo = map { $_->get_name } $dom->list_all_checkpoints(TOPOLOGICAL);
        ok(parents_first(\@topo, \%want), '... and topological order still holds') or diag("@topo");
        is($cp->get_name, $name, '... the object still has its name');
    }
    my $dom = build_tree();
    my $a = $dom->get_checkpoint_by_name('a');
    ok(!eval { $a->delete(CHILDREN | CHILDREN_ONLY) }, 'CHILDREN|CHILDREN_ONLY is refused');
    is(ref($@) && $@->code . '/' . $@->domain, '8/69', '... with 8/69');
    is_deeply(parent_map($dom), \%TREE, '... and nothing is deleted');
};

done_testing();
