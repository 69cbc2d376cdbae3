#!/usr/bin/perl
# Checkpoints on a real QEMU guest (software emulation) through the system libvirtd started
# by tools/libvirtd.sh: a chain of checkpoints, the tree walk, deleting a middle one, the
# persistent bitmaps they leave in the qcow2 file, and the errors on a stopped guest.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use QemuGuest qw(require_daemon qemu_img_info);

my $conn = require_daemon('qemu:///system');
plan tests => 35;

my $guest;
END { $guest->cleanup if $guest }
$SIG{INT} = $SIG{TERM} = sub { $guest->cleanup if $guest; exit 1 };

$guest = QemuGuest->new(conn => $conn, tag => 'ckpt');
my $dom = $guest->dom;
ok($dom, 'guest ' . $guest->name . ' defined');
ok(eval { $dom->create; 1 }, 'guest started') or diag($@);
ok($dom->is_active, 'guest is running');

sub cpxml { "<domaincheckpoint><name>$_[0]</name><description>chain $_[0]</description></domaincheckpoint>" }

my %cp;
for my $n (qw(cp1 cp2 cp3 cp4)) {
    $cp{$n} = eval { $dom->create_checkpoint(cpxml($n), 0) };
    isa_ok($cp{$n}, 'Sys::Virt::DomainCheckpoint', "checkpoint $n") or diag($@);
}

is_deeply([sort map { $_->get_name } $dom->list_all_checkpoints], [qw(cp1 cp2 cp3 cp4)],
    'list_all_checkpoints lists the chain');
is_deeply([map { $_->get_name }
        $dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_TOPOLOGICAL())],
    [qw(cp1 cp2 cp3 cp4)], 'topological order is the chain order');
is_deeply([map { $_->get_name } $dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_ROOTS())],
    ['cp1'], 'cp1 is the only root');
is_deeply([map { $_->get_name } $dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_LEAVES())],
    ['cp4'], 'cp4 is the only leaf');

# walk up from the leaf, then down from the root
my @up;
for (my $c = $dom->get_checkpoint_by_name('cp4'); $c; ) {
    push @up, $c->get_name;
    $c = eval { $c->get_parent };
    if (!$c) {
        my $e = $@;
        is(ref $e && $e->code, 103, 'the root has no parent: error 103 (ERR_NO_DOMAIN_CHECKPOINT)');
    }
}
is_deeply(\@up, [qw(cp4 cp3 cp2 cp1)], 'get_parent walks up the chain');
my @down;
for (my $c = $cp{cp1}; $c; ) {
    push @down, $c->get_name;
    my @kids = $c->list_all_children;
    last unless @kids;
    is(scalar @kids, 1, $c->get_name . ' has one child');
    $c = $kids[0];
}
is_deeply(\@down, [qw(cp1 cp2 cp3 cp4)], 'list_all_children walks down the chain');
is_deeply([sort map { $_->get_name }
        $cp{cp1}->list_all_children(Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS())],
    [qw(cp2 cp3 cp4)], 'descendants of cp1');

my $xml = $cp{cp3}->get_xml_description;
like($xml, qr{<name>cp3</name>}, 'XML names the checkpoint');
like($xml, qr{<parent>\s*<name>cp2</name>\s*</parent>}, 'XML names the parent');
like($xml, qr{<disk name='vda' checkpoint='bitmap' bitmap='cp3'/>}, 'vda is tracked by bitmap cp3');
like($xml, qr{<domain type='qemu'>}, 'XML embeds the domain');
unlike($cp{cp3}->get_xml_description(Sys::Virt::DomainCheckpoint::XML_NO_DOMAIN()),
    qr{<domain[\s>]}, 'XML_NO_DOMAIN leaves the domain out');

# delete a middle checkpoint: its child is re-parented to its parent
ok(eval { $cp{cp2}->delete; 1 }, 'cp2 deleted') or diag($@);
is($cp{cp2}->get_name, 'cp2', 'the deleted object still answers get_name');
my $err = eval { $cp{cp2}->get_xml_description; 1 } ? undef : $@;
is(ref $err && $err->code, 103, 'other calls on the deleted object fail with 103');
is($dom->get_checkpoint_by_name('cp3')->get_parent->get_name, 'cp1', 'cp3 now has parent cp1');
is_deeply([sort map { $_->get_name } $dom->list_all_checkpoints], [qw(cp1 cp3 cp4)],
    'three checkpoints remain');

# stop the guest: the bitmaps are now in the qcow2 file
ok(eval { $dom->destroy; 1 }, 'guest destroyed') or diag($@);
my $info = qemu_img_info($guest->disk);
my @bitmaps = sort map { $_->{name} } @{ $info->{'format-specific'}{data}{bitmaps} // [] };
is_deeply(\@bitmaps, [qw(cp1 cp3 cp4)], 'qemu-img info lists one bitmap per checkpoint')
  or diag(explain($info));
diag('qemu-img info bitmaps: ' . join(', ', map { "$_->{name} (flags @{$_->{flags}}, granularity $_->{granularity})" }
        @{ $info->{'format-specific'}{data}{bitmaps} // [] }));

# checkpoints need a running guest
$err = eval { $dom->create_checkpoint(cpxml('cp5'), 0); 1 } ? undef : $@;
isa_ok($err, 'Sys::Virt::Error', 'creating a checkpoint on the stopped guest fails');
is(ref $err && $err->code, 84, '... with error 84 (ERR_OPERATION_UNSUPPORTED)')
  and note($err->message);
$err = eval { $dom->get_checkpoint_by_name('cp4')->delete; 1 } ? undef : $@;
is(ref $err && $err->code, 84, 'deleting one on the stopped guest fails with 84 too');
like(ref $err && $err->message, qr/inactive domain/, '... because the domain is inactive');

ok(eval { $dom->undefine(Sys::Virt::Domain::UNDEFINE_CHECKPOINTS_METADATA()); 1 },
    'undefine with UNDEFINE_CHECKPOINTS_METADATA') or diag($@);
$guest->{dom} = undef;
$guest->cleanup;
