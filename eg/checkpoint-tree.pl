#!/usr/bin/perl
# The README's main job: connect (test:///default unless a URI is given), list the domains
# with their state, then give the running test guest a small tree of checkpoints and print
# it, one line per checkpoint, indented under its parent.
#
#   perl -Mblib eg/checkpoint-tree.pl [URI]
use strict;
use warnings;
use Sys::Virt;

my %STATE_NAME = (
    Sys::Virt::Domain::STATE_NOSTATE()     => 'no state',
    Sys::Virt::Domain::STATE_RUNNING()     => 'running',
    Sys::Virt::Domain::STATE_BLOCKED()     => 'blocked',
    Sys::Virt::Domain::STATE_PAUSED()      => 'paused',
    Sys::Virt::Domain::STATE_SHUTDOWN()    => 'shutting down',
    Sys::Virt::Domain::STATE_SHUTOFF()     => 'shut off',
    Sys::Virt::Domain::STATE_CRASHED()     => 'crashed',
    Sys::Virt::Domain::STATE_PMSUSPENDED() => 'suspended by guest power management',
);

my $uri  = shift // 'test:///default';
my $conn = Sys::Virt->new(uri => $uri);
printf "Connected to %s (%s driver, libvirt %d)\n", $conn->get_uri, $conn->get_type,
    $conn->get_library_version;

print "\nDomains:\n";
for my $dom (sort { $a->get_name cmp $b->get_name } $conn->list_all_domains) {
    my ($state) = $dom->get_state;
    printf "  %-16s %s\n", $dom->get_name, $STATE_NAME{$state} // "state $state";
}

# Only the test driver's guest gets checkpoints made here: on a real host, leave guests alone.
exit 0 unless $conn->get_type eq 'TEST';
my $dom = $conn->get_domain_by_name('test');

# A chain full -> inc1 -> inc2 (each new checkpoint's parent is the current one), and a
# branch: 'alt' under inc1, restored with CREATE_REDEFINE, which takes the parent from XML.
my @made;
for my $name (qw(full inc1 inc2)) {
    push @made, $dom->create_checkpoint(
        "<domaincheckpoint><name>$name</name><description>$name</description></domaincheckpoint>");
}
push @made, $dom->create_checkpoint(
    "<domaincheckpoint><name>alt</name><parent><name>inc1</name></parent>"
  . "<creationTime>" . time() . "</creationTime>"
  . "<disks><disk name='vda' checkpoint='bitmap'/></disks></domaincheckpoint>",
    Sys::Virt::DomainCheckpoint::CREATE_REDEFINE);

print "\nCheckpoints of ", $dom->get_name, ":\n";
my @roots = sort { $a->get_name cmp $b->get_name }
    $dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_ROOTS);
print_tree($_, 1) for @roots;

sub print_tree {
    my ($cp, $depth) = @_;
    print '  ' x $depth, $cp->get_name, "\n";
    print_tree($_, $depth + 1)
        for sort { $a->get_name cmp $b->get_name } $cp->list_all_children;
}

# Leave the shared test driver as it was.
$_->delete(Sys::Virt::DomainCheckpoint::DELETE_CHILDREN) for @roots;
