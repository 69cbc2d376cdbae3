package Sys::Virt::DomainSnapshot;

use strict;
use warnings;

# Construction as the XS module does it: by name (which wins when both are given) or from
# XML, blessed into the class it was called on.
sub _new {
    my ($proto, %args) = @_;
    my $class = ref($proto) || $proto;
    die "domain parameter is required" unless exists $args{domain};
    my $dom = $args{domain};
    my $self;
    if (exists $args{name}) {
        $self = Sys::Virt::DomainSnapshot::_lookup_by_name($dom, $args{name});
    } elsif (exists $args{xml}) {
        $self = Sys::Virt::DomainSnapshot::_create_xml($dom, $args{xml},
                                                       $args{flags} ? $args{flags} : 0);
    } else {
        die "name or xml parameters are required";
    }
    return bless $self, $class;
}

# The direct children as objects. The XS module looks each child's name up with the
# snapshot where a domain is wanted, which always fails, so it returns an empty list;
# here they come from one list_all_children call instead.
sub list_child_snapshots {
    my $self = shift;
    return $self->list_all_children(0);
}

# The domain's snapshot methods that go through _new, defined here beside it. The domain
# is copied out of @_ before the other arguments are read (their code could drop it).

sub Sys::Virt::Domain::get_snapshot_by_name {
    my $self = shift;
    return Sys::Virt::DomainSnapshot->_new(domain => $self, name => $_[0]);
}

sub Sys::Virt::Domain::create_snapshot {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::DomainSnapshot->_new(domain => $self, xml => $xml, flags => $flags);
}

sub Sys::Virt::Domain::list_snapshots {
    my $self = shift;
    my $count = $self->num_of_snapshots();
    my @list;
    for my $name ($self->list_snapshot_names($count)) {
        my $snap = eval { Sys::Virt::DomainSnapshot->_new(domain => $self, name => $name) };
        push @list, $snap if $snap;
    }
    return @list;
}

1;

__END__

=head1 NAME

Sys::Virt::DomainSnapshot - a saved state of a domain, to go back to later

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'test:///default');
  my $dom  = $conn->get_domain_by_name('test');

  my $snap = $dom->create_snapshot(
      '<domainsnapshot><name>before-upgrade</name></domainsnapshot>');

  # ... change the guest ...

  $snap->revert_to();                       # back to how it was
  print $dom->current_snapshot->get_name, "\n";   # before-upgrade

  for my $s ($dom->list_all_snapshots(Sys::Virt::DomainSnapshot::LIST_ROOTS)) {
      print $s->get_name, " has ", $s->num_of_child_snapshots, " children\n";
  }
  $snap->delete();

=head1 DESCRIPTION

A snapshot records a domain's disks, and for a running domain its memory and device state,
at one moment, so that the domain can be put back into that state. Snapshots form a tree:
each has at most one parent, the snapshot that was current when it was made, and one
snapshot of a domain is its current one.

An object of this class is a blessed scalar reference holding a libvirt snapshot handle,
which it keeps alive on its own: it goes on working after the domain and connection
objects it came from are gone. Objects come from the domain's methods
(C<create_snapshot>, C<current_snapshot>, C<get_snapshot_by_name>, C<list_snapshots>,
C<list_all_snapshots>) and from C<get_parent>, C<list_child_snapshots> and
C<list_all_children> here.

Every C<$flags> argument defaults to 0 and is converted as Perl converts a number to an
unsigned integer, cut to 32 bits. A method called on something that is not an object warns
C<... -- domss is not a blessed SV reference> and returns C<undef>, as the XS module does;
called on an object of another class, it dies saying so (see
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=head1 METHODS

=over 4

=item my $name = $snap->get_name()

The snapshot's name.

=item my $xml = $snap->get_xml_description($flags = 0)

The snapshot's XML description (a C<< <domainsnapshot> >> document). With C<XML_SECURE>,
security-sensitive parts are included.

=item $snap->revert_to($flags = 0)

Puts the domain back into the state the snapshot recorded, and makes the snapshot the
current one. The C<REVERT_*> constants choose the state the domain is left in. Returns
nothing.

=item $snap->delete($flags = 0)

Deletes the snapshot. Its children move up to its parent unless the C<DELETE_*> constants
say otherwise. Returns nothing.

=item my $parent = $snap->get_parent($flags = 0)

The snapshot this one was made after. A root snapshot has none: the call dies with a
L<Sys::Virt::Error> whose code is C<ERR_NO_DOMAIN_SNAPSHOT> (72).

=item my $n = $snap->num_of_child_snapshots($flags = 0)

How many snapshots have this one as parent (with C<LIST_DESCENDANTS>, how many are below
it at any depth). The C<LIST_*> filters apply.

=item my @names = $snap->list_child_snapshot_names($max, $flags = 0)

The names of up to C<$max> children, filtered as for C<num_of_child_snapshots>.

=item my @children = $snap->list_child_snapshots()

The direct children as objects (as C<list_all_children(0)>). The XS module returns an
empty list here (see L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=item my @children = $snap->list_all_children($flags = 0)

The children as objects in one call, filtered and ordered by the C<LIST_*> constants. In
scalar context: the last one, or C<undef>.

=item my $bool = $snap->is_current($flags = 0)

1 if this is the domain's current snapshot, else 0.

=item my $bool = $snap->has_metadata($flags = 0)

1 if libvirt keeps metadata for the snapshot (it would stop the domain from being
undefined without C<Sys::Virt::Domain::UNDEFINE_SNAPSHOTS_METADATA>), else 0.

=item $snap->DESTROY()

Gives the object's libvirt reference back at once and leaves 0 in the object. Never needed:
Perl does it when it frees the object. Calling it twice does nothing more.

=back

=head2 On Sys::Virt::Domain

=over 4

=item my $snap = $dom->create_snapshot($xml, $flags = 0)

Makes a snapshot from a C<< <domainsnapshot> >> document (an empty one is valid: libvirt
names it after the current time). A false C<$flags> counts as 0. C<$flags> takes the
C<CREATE_*> constants.

=item my $snap = $dom->current_snapshot($flags = 0)

The domain's current snapshot; dies with code 72 if it has none.

=item my $snap = $dom->get_snapshot_by_name($name)

The snapshot with that name; dies with code 72 if there is none.

=item my @snaps = $dom->list_snapshots()

Every snapshot of the domain: its names, each looked up in turn.

=item my @snaps = $dom->list_all_snapshots($flags = 0)

Every snapshot, in one call, filtered and ordered by the C<LIST_*> constants.

=item $dom->num_of_snapshots($flags = 0), $dom->list_snapshot_names($max, $flags = 0), $dom->has_current_snapshot($flags = 0)

See L<Sys::Virt::Domain>.

=back

=head2 For subclasses

=over 4

=item my $snap = CLASS->_new(domain => $dom, name => $name)

=item my $snap = CLASS->_new(domain => $dom, xml => $xml, flags => $flags)

Looks a snapshot up by name, or creates one from XML (C<name> wins if both are given), and
blesses it into CLASS. Without C<domain> it dies with C<domain parameter is required>;
without C<name> or C<xml>, with C<name or xml parameters are required>.

=back

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::DomainSnapshot::LIST_ROOTS>; names
and values are those of the XS module. The groups below follow the methods that take or
return them.

=head2 CREATING

For C<$flags> of L<Sys::Virt::Domain/create_snapshot>.

=over 4

=item Sys::Virt::DomainSnapshot::CREATE_REDEFINE

Give libvirt back the metadata of a snapshot that exists (as from an earlier
C<get_xml_description>) instead of making a new one.

=item Sys::Virt::DomainSnapshot::CREATE_CURRENT

With C<CREATE_REDEFINE>, make the redefined snapshot the current one.

=item Sys::Virt::DomainSnapshot::CREATE_NO_METADATA

Make the snapshot but keep no metadata for it in libvirt.

=item Sys::Virt::DomainSnapshot::CREATE_HALT

Stop the domain once the snapshot is made.

=item Sys::Virt::DomainSnapshot::CREATE_DISK_ONLY

Record the disks only, not the memory state (an external snapshot).

=item Sys::Virt::DomainSnapshot::CREATE_REUSE_EXT

Use existing files named in the XML for external snapshot targets.

=item Sys::Virt::DomainSnapshot::CREATE_QUIESCE

Ask the guest agent to freeze the file systems while the snapshot is made.

=item Sys::Virt::DomainSnapshot::CREATE_ATOMIC

Make all disks' snapshots or none.

=item Sys::Virt::DomainSnapshot::CREATE_LIVE

Keep the domain running while its memory is saved.

=item Sys::Virt::DomainSnapshot::CREATE_VALIDATE

Check the XML against libvirt's schema first.

=back

=head2 DESCRIBING

For C<$flags> of C<get_xml_description>.

=over 4

=item Sys::Virt::DomainSnapshot::XML_SECURE

Include security-sensitive information.

=back

=head2 LISTING SNAPSHOTS

For C<$flags> of L<Sys::Virt::Domain/list_all_snapshots>,
L<Sys::Virt::Domain/num_of_snapshots> and L<Sys::Virt::Domain/list_snapshot_names>, and of
C<list_all_children>, C<num_of_child_snapshots> and C<list_child_snapshot_names>. The
filters of one pair (such as C<LIST_LEAVES> and C<LIST_NO_LEAVES>) together mean either;
filters of different groups must all hold.

=over 4

=item Sys::Virt::DomainSnapshot::LIST_ROOTS

On the domain: only snapshots without a parent.

=item Sys::Virt::DomainSnapshot::LIST_DESCENDANTS

On a snapshot: everything below it, not only its direct children (the same bit as
C<LIST_ROOTS>; the meaning depends on the method).

=item Sys::Virt::DomainSnapshot::LIST_TOPOLOGICAL

Parents before their children.

=item Sys::Virt::DomainSnapshot::LIST_METADATA

Only snapshots with libvirt metadata.

=item Sys::Virt::DomainSnapshot::LIST_NO_METADATA

Only snapshots without libvirt metadata.

=item Sys::Virt::DomainSnapshot::LIST_LEAVES

Only snapshots without children.

=item Sys::Virt::DomainSnapshot::LIST_NO_LEAVES

Only snapshots with children.

=item Sys::Virt::DomainSnapshot::LIST_INACTIVE

Only snapshots of a shut-off domain.

=item Sys::Virt::DomainSnapshot::LIST_ACTIVE

Only snapshots of a running domain, with its memory.

=item Sys::Virt::DomainSnapshot::LIST_DISK_ONLY

Only snapshots of a running domain's disks, without its memory.

=item Sys::Virt::DomainSnapshot::LIST_INTERNAL

Only snapshots stored inside the disk images (qcow2).

=item Sys::Virt::DomainSnapshot::LIST_EXTERNAL

Only snapshots in files of their own.

=back

=head2 REVERTING

For C<$flags> of C<revert_to>.

=over 4

=item Sys::Virt::DomainSnapshot::REVERT_RUNNING

Leave the domain running, whatever state the snapshot recorded.

=item Sys::Virt::DomainSnapshot::REVERT_PAUSED

Leave the domain paused, whatever state the snapshot recorded.

=item Sys::Virt::DomainSnapshot::REVERT_FORCE

Revert even where libvirt would refuse because it is risky.

=item Sys::Virt::DomainSnapshot::REVERT_RESET_NVRAM

Start again from a fresh copy of the firmware's variable store.

=back

=head2 DELETING

For C<$flags> of C<delete>.

=over 4

=item Sys::Virt::DomainSnapshot::DELETE_CHILDREN

Delete every snapshot below this one too.

=item Sys::Virt::DomainSnapshot::DELETE_METADATA_ONLY

Forget the snapshot in libvirt but keep its data.

=item Sys::Virt::DomainSnapshot::DELETE_CHILDREN_ONLY

Delete what is below this snapshot but keep the snapshot itself.

=back

=head1 SEE ALSO

L<Sys::Virt::Domain>, L<Sys::Virt::DomainCheckpoint>, L<Sys::Virt>, L<Sys::Virt::Error>,
L<https://libvirt.org/formatsnapshot.html>

=cut
