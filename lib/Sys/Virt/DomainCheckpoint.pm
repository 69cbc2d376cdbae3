package Sys::Virt::DomainCheckpoint;

use strict;
use warnings;

# Construction, as the XS module does it: by name (which wins when both are given) or from
# XML, blessed into the class it was called on so that subclasses get their own objects.
sub _new {
    my ($proto, %args) = @_;
    my $class = ref($proto) || $proto;
    die "domain parameter is required" unless exists $args{domain};
    my $dom = $args{domain};
    my $self;
    if (exists $args{name}) {
        $self = Sys::Virt::DomainCheckpoint::_lookup_by_name($dom, $args{name});
    } elsif (exists $args{xml}) {
        $self = Sys::Virt::DomainCheckpoint::_create_xml($dom, $args{xml},
                                                         $args{flags} ? $args{flags} : 0);
    } else {
        die "name or xml parameters are required";
    }
    return bless $self, $class;
}

# $dom->get_checkpoint_by_name($name) stands for
# Sys::Virt::DomainCheckpoint->_new(domain => $dom, name => $name), as in the XS module. It
# is defined here, in _new's file, so that a failing lookup warns and dies naming the same
# file either way. While _new is this file's own (not wrapped or replaced), the lookup is
# made directly, which is what _new would do, without the extra sub call. _new's bless is
# only made when the lookup returned no object (bless then dies, as _new's does): a
# returned object already is a Sys::Virt::DomainCheckpoint.
my $OWN_NEW = \&_new;

# The domain is copied out of @_ before the name is read: a tied or overloaded name's code
# could otherwise drop the last reference to it (the name is passed on as it is).
sub Sys::Virt::Domain::get_checkpoint_by_name {
    my $self = shift;
    return Sys::Virt::DomainCheckpoint::_lookup_by_name($self, $_[0])
      || bless undef, 'Sys::Virt::DomainCheckpoint'
      if \&Sys::Virt::DomainCheckpoint::_new == $OWN_NEW;
    return Sys::Virt::DomainCheckpoint::_new('Sys::Virt::DomainCheckpoint',
                                             domain => $self, name => $_[0]);
}

1;

__END__

=head1 NAME

Sys::Virt::DomainCheckpoint - a checkpoint of a domain's disks

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'test:///default');
  my $dom  = $conn->get_domain_by_name('test');

  # A chain: full -> inc1 -> inc2
  for my $name (qw(full inc1 inc2)) {
      $dom->create_checkpoint("<domaincheckpoint><name>$name</name></domaincheckpoint>");
  }

  # Walk it from the newest checkpoint back to the root.
  my $cp = $dom->get_checkpoint_by_name('inc2');
  while ($cp) {
      print $cp->get_name, "\n";
      $cp = eval { $cp->get_parent };   # dies with error 103 at the root
  }

  # All descendants of the root, parents before children.
  my ($root) = $dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_ROOTS);
  my @below = $root->list_all_children(
      Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS
    | Sys::Virt::DomainCheckpoint::LIST_TOPOLOGICAL);
  print join(' ', map { $_->get_name } @below), "\n";   # inc1 inc2

  # Delete the root and everything below it.
  $root->delete(Sys::Virt::DomainCheckpoint::DELETE_CHILDREN);

=head1 DESCRIPTION

A checkpoint marks a point in time of a running domain's disks: from then on, the hypervisor
tracks which blocks change (in QEMU, as a dirty bitmap in each qcow2 disk). An incremental
backup then copies only what changed since a checkpoint. Checkpoints form a tree: each has
at most one parent, the checkpoint that was current when it was made.

An object of this class is a blessed scalar reference holding a libvirt checkpoint handle.
It keeps that handle alive on its own, so it goes on working after the domain and
connection objects it came from are gone. Objects are made by the domain's methods
(C<create_checkpoint>, C<get_checkpoint_by_name>, C<list_all_checkpoints>) and by
C<get_parent> and C<list_all_children> here.

Every C<$flags> argument defaults to 0. Flags are converted as Perl converts a number to
an unsigned integer, then cut to 32 bits: C<"2"> is 2, C<undef> is 0 (with Perl's
"uninitialized" warning under C<use warnings>), and bits libvirt does not know are
rejected by libvirt with a L<Sys::Virt::Error>.

Called on something that is not an object (C<Sys::Virt::DomainCheckpoint::get_name("x")>),
a method warns C<... -- domcp is not a blessed SV reference> and returns C<undef>, as the
XS module does. Called on an object of another class, it dies with a message saying so
(see L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=head1 METHODS

=over 4

=item my $name = $cp->get_name()

The checkpoint's name. This keeps working after C<delete>, when the other methods fail
with C<ERR_NO_DOMAIN_CHECKPOINT>.

=item my $xml = $cp->get_xml_description($flags = 0)

The checkpoint's XML description. C<$flags> takes the C<XML_*> constants below.

=item $cp->delete($flags = 0)

Deletes the checkpoint. Its children are re-attached to its parent unless C<$flags> says
otherwise (the C<DELETE_*> constants). Returns nothing.

=item my $parent = $cp->get_parent($flags = 0)

The checkpoint this one was made after, as a new object. A root checkpoint has none: the
call dies with a L<Sys::Virt::Error> whose code is C<ERR_NO_DOMAIN_CHECKPOINT> (103).

=item my @children = $cp->list_all_children($flags = 0)

The direct children, or with C<LIST_DESCENDANTS> all checkpoints below this one, filtered
and ordered by the C<LIST_*> constants. In scalar context: the last one, or C<undef>.
Without C<LIST_TOPOLOGICAL> the order is unspecified.

=item $cp->DESTROY()

Gives the object's libvirt reference back at once and leaves 0 in the object; later calls
on it fail with C<ERR_INVALID_DOMAIN_CHECKPOINT>. Calling it is never needed: the reference
is given back when Perl frees the object (see L<Sys::Virt/"OBJECTS AND THEIR HANDLES">).
Calling it twice does nothing more.

=back

=head2 On Sys::Virt::Domain

=over 4

=item my $cp = $dom->create_checkpoint($xml, $flags = 0)

Makes a checkpoint from a C<< <domaincheckpoint> >> document (C<< <domaincheckpoint/> >>
alone is valid: the name is then the current time in seconds). The domain must be running.
A false C<$flags> counts as 0. C<$flags> takes the C<CREATE_*> constants.

=item my $cp = $dom->get_checkpoint_by_name($name)

The checkpoint with that name; dies with code 103 if there is none.

=item my @cps = $dom->list_all_checkpoints($flags = 0)

Every checkpoint of the domain, filtered and ordered by the C<LIST_*> constants
(C<LIST_ROOTS> for the roots only). In scalar context: the last one.

=item $dom->backup_begin($backup_xml, $checkpoint_xml, $flags = 0)

See L<Sys::Virt::Domain/backup_begin>.

=back

=head2 For subclasses

=over 4

=item my $cp = CLASS->_new(domain => $dom, name => $name)

=item my $cp = CLASS->_new(domain => $dom, xml => $xml, flags => $flags)

Looks a checkpoint up by name, or creates one from XML (C<name> wins if both are given),
and blesses it into CLASS, so a subclass gets objects of its own class. Without C<domain>
it dies with C<domain parameter is required>; without C<name> or C<xml>, with C<name or
xml parameters are required>.

=back

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::DomainCheckpoint::LIST_ROOTS>; names
and values are those of the XS module. The groups below follow the methods that take or
return them.

=head2 CREATING

For C<$flags> of L<Sys::Virt::Domain/create_checkpoint>.

=over 4

=item Sys::Virt::DomainCheckpoint::CREATE_REDEFINE

Restore the metadata of a checkpoint that exists on disk (the XML must carry its
C<creationTime>), instead of making a new one.

=item Sys::Virt::DomainCheckpoint::CREATE_QUIESCE

Ask the guest agent to freeze the guest's file systems while the checkpoint is made.

=item Sys::Virt::DomainCheckpoint::CREATE_REDEFINE_VALIDATE

With C<CREATE_REDEFINE>, check that the disks really hold the checkpoint's bitmaps.

=back

=head2 DESCRIBING

For C<$flags> of C<get_xml_description>.

=over 4

=item Sys::Virt::DomainCheckpoint::XML_SECURE

Include security-sensitive information.

=item Sys::Virt::DomainCheckpoint::XML_NO_DOMAIN

Leave out the copy of the domain's XML inside the checkpoint's.

=item Sys::Virt::DomainCheckpoint::XML_SIZE

Add how much data each disk has changed since the checkpoint.

=back

=head2 LISTING

For C<$flags> of L<Sys::Virt::Domain/list_all_checkpoints> and C<list_all_children>. The
filters of one pair (C<LIST_LEAVES> and C<LIST_NO_LEAVES>) together mean either.

=over 4

=item Sys::Virt::DomainCheckpoint::LIST_ROOTS

With C<list_all_checkpoints>: only checkpoints without a parent.

=item Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS

With C<list_all_children>: all checkpoints below, not just direct children. The same bit
as C<LIST_ROOTS>; its meaning depends on the method.

=item Sys::Virt::DomainCheckpoint::LIST_TOPOLOGICAL

Order the list so that every parent comes before its children.

=item Sys::Virt::DomainCheckpoint::LIST_LEAVES

Only checkpoints without children.

=item Sys::Virt::DomainCheckpoint::LIST_NO_LEAVES

Only checkpoints with children.

=back

=head2 DELETING

For C<$flags> of C<delete>.

=over 4

=item Sys::Virt::DomainCheckpoint::DELETE_CHILDREN

Delete all checkpoints below this one too.

=item Sys::Virt::DomainCheckpoint::DELETE_METADATA_ONLY

Forget the checkpoint in libvirt but leave the disks' bitmaps in place.

=item Sys::Virt::DomainCheckpoint::DELETE_CHILDREN_ONLY

Delete everything below this checkpoint but keep the checkpoint itself.

=back

=head1 SEE ALSO

L<Sys::Virt::Domain>, L<Sys::Virt::DomainSnapshot>, L<Sys::Virt>, L<Sys::Virt::Error>,
L<https://libvirt.org/formatcheckpoint.html>,
L<https://libvirt.org/kbase/incrementalbackupinternals.html>

=cut
