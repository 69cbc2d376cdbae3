#!/usr/bin/perl
# Leak guard for the checkpoint calls: 20,000 rounds of look up / name / XML / parent /
# list / children / error paths (and a create + delete every 500th round) on the test
# driver; VmRSS may grow by less than 2 MiB between the end of the warm-up and the end.
# The long version is `perl bench/memory.pl`.
use strict;
use warnings;
use Test::More;
use Sys::Virt;

plan skip_all => 'needs /proc/self/status' unless -r '/proc/self/status';

sub rss_kib {
    open my $fh, '<', '/proc/self/status' or die $!;
    while (<$fh>) { return $1 if /^VmRSS:\s+(\d+)\s+kB/ }
    return undef;
}

my $conn = Sys::Virt->new(uri => 'test:///default');
my $dom  = $conn->get_domain_by_name('test');
$dom->create_checkpoint("<domaincheckpoint><name>leak$_</name></domaincheckpoint>") for 1 .. 4;
my ($root) = $dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_ROOTS());
ok($root, 'a root checkpoint');

my ($ROUNDS, $WARM) = (20_000, 2_000);
my $NO_DOMAIN = Sys::Virt::DomainCheckpoint::XML_NO_DOMAIN();
my $DESC      = Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS();
my $base;
for my $i (1 .. $ROUNDS) {
    if ($i % 500 == 0) {
        my $cp = $dom->create_checkpoint("<domaincheckpoint><name>x$i</name></domaincheckpoint>");
        $cp->delete;
    }
    my $cp  = $dom->get_checkpoint_by_name('leak3');
    my $n   = $cp->get_name;
    my $x   = $cp->get_xml_description($NO_DOMAIN);
    my $p   = $cp->get_parent;
    my @all = $dom->list_all_checkpoints;
    my @ch  = $root->list_all_children($DESC);
    eval { $dom->get_checkpoint_by_name('nope') };
    eval { $root->get_parent };
    $base = rss_kib() if $i == $WARM;
}
my $end = rss_kib();
my $growth = $end - $base;
cmp_ok($growth, '<', 2048, "VmRSS grew by less than 2 MiB over @{[$ROUNDS - $WARM]} rounds")
  or diag("VmRSS $base KiB after warm-up, $end KiB at the end");
$root->delete(Sys::Virt::DomainCheckpoint::DELETE_CHILDREN());
done_testing();
