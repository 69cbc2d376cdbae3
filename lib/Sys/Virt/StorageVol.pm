package Sys::Virt::StorageVol;

use strict;
use warnings;

# Construction, as the XS module does it: by name within a pool, by key or path on a
# connection, or from XML in a pool (a copy of another volume with clone), blessed into the
# class it was called on.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    my $self;
    if (exists $params{name}) {
        die "pool parameter is required" unless exists $params{pool};
        $self = Sys::Virt::StorageVol::_lookup_by_name($params{pool}, $params{name});
    } elsif (exists $params{key}) {
        die "connection parameter is required" unless exists $params{connection};
        $self = Sys::Virt::StorageVol::_lookup_by_key($params{connection}, $params{key});
    } elsif (exists $params{path}) {
        die "connection parameter is required" unless exists $params{connection};
        $self = Sys::Virt::StorageVol::_lookup_by_path($params{connection}, $params{path});
    } elsif (exists $params{xml}) {
        die "pool parameter is required" unless exists $params{pool};
        if ($params{clone}) {
            $self = Sys::Virt::StorageVol::_create_xml_from($params{pool}, $params{xml},
                                                            $params{clone}, 0);
        } else {
            $self = Sys::Virt::StorageVol::_create_xml($params{pool}, $params{xml}, 0);
        }
    } else {
        die "name, key, path or xml parameters are required";
    }
    return bless $self, $class;
}

1;

__END__

=head1 NAME

Sys::Virt::StorageVol - a volume of a libvirt storage pool

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  my $vol = $conn->get_storage_volume_by_path('/var/lib/libvirt/images/guest.qcow2');
  my $info = $vol->get_info;
  printf "%s: %d bytes, %d allocated\n", $vol->get_name, $info->{capacity},
      $info->{allocation};

  # Copy its contents out through a stream
  my $st = $conn->new_stream;
  open my $out, '>', '/tmp/guest.img' or die $!;
  $vol->download($st, 0, 0);
  $st->recv_all(sub { my ($st, $data, $n) = @_; print $out $data; return $n });
  $st->finish;

=head1 DESCRIPTION

A volume is one unit of storage in a L<Sys::Virt::StoragePool>: a file, a logical volume, a
disk partition, a network block device. Objects come from the pool (C<get_volume_by_name>,
C<list_all_volumes>, C<list_volumes>, C<create_volume>, C<clone_volume>) and from the
connection (C<get_storage_volume_by_path>, C<get_storage_volume_by_key>).

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>. Where
this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so.

=head1 METHODS

=over 4

=item my $name = $vol->get_name()

The volume's name, unique in its pool.

=item my $key = $vol->get_key()

The volume's key, unique on its host (for a file, usually its path).

=item my $path = $vol->get_path()

Where the volume can be reached on the host, for a guest's disk definition.

=item my $info = $vol->get_info($flags = 0)

A hash reference: C<type> (one of the C<TYPE_*> constants), C<capacity> (the size a guest
sees) and C<allocation> (the space it takes on the host), in bytes. With C<GET_PHYSICAL>,
C<allocation> is the host size of the file instead.

=item my $xml = $vol->get_xml_description($flags = 0)

The C<< <volume> >> document that describes the volume. C<$flags> is unused and should be
0.

=item $vol->delete($flags = 0)

Removes the volume. C<$flags> take the C<DELETE_*> constants.

=item $vol->wipe($flags = 0)

Overwrites the volume's data with zeros. C<$flags> is unused and should be 0.

=item $vol->wipe_pattern($algorithm, $flags = 0)

Overwrites the volume's data with one of the C<WIPE_ALG_*> patterns.

=item $vol->resize($capacity, $flags = 0)

Changes the volume's capacity, in bytes. C<$flags> take the C<RESIZE_*> constants (add to
the capacity instead of setting it, allocate the space, allow shrinking).

=item $vol->upload($stream, $offset, $length, $flags = 0)

Prepares C<$stream> (a L<Sys::Virt::Stream>) to write into the volume, from byte C<$offset>,
for C<$length> bytes (0: up to the end). The data is then sent through the stream. With
C<VOL_UPLOAD_SPARSE_STREAM> the stream may carry holes.

=item $vol->download($stream, $offset, $length, $flags = 0)

Prepares C<$stream> to read the volume's data, from byte C<$offset>, for C<$length> bytes
(0: up to the end). With C<VOL_DOWNLOAD_SPARSE_STREAM> holes come as holes.

=back

Objects release their handle when they go out of scope (C<DESTROY>).

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::StorageVol::TYPE_FILE>; names and
values are those of the XS module. The groups below follow the methods that take or return
them.

=head2 TYPES

The C<type> of C<get_info>.

=over 4

=item Sys::Virt::StorageVol::TYPE_FILE

A file.

=item Sys::Virt::StorageVol::TYPE_BLOCK

A block device.

=item Sys::Virt::StorageVol::TYPE_DIR

A directory.

=item Sys::Virt::StorageVol::TYPE_NETWORK

A volume reached over the network, such as a Ceph RBD image.

=item Sys::Virt::StorageVol::TYPE_NETDIR

A directory reached over the network, holding other network volumes.

=item Sys::Virt::StorageVol::TYPE_PLOOP

A Parallels ploop image.

=back

=head2 CREATING

libvirt's flags for making a volume. No method of this module passes them:
L<Sys::Virt::StoragePool/create_volume> and L<Sys::Virt::StoragePool/clone_volume> take no
flags, as in the XS module.

=over 4

=item Sys::Virt::StorageVol::CREATE_PREALLOC_METADATA

Allocate only the metadata of a qcow2 volume.

=item Sys::Virt::StorageVol::CREATE_REFLINK

Clone with a reflink copy, sharing blocks with the source (btrfs, XFS).

=item Sys::Virt::StorageVol::CREATE_VALIDATE

Check the XML against libvirt's schema first.

=back

=head2 INFORMATION

For C<$flags> of C<get_info>.

=over 4

=item Sys::Virt::StorageVol::USE_ALLOCATION

Report in C<allocation> the space the volume takes (the default).

=item Sys::Virt::StorageVol::GET_PHYSICAL

Report in C<allocation> the size of the volume's file on the host instead.

=back

=head2 DELETING

For C<$flags> of C<delete>.

=over 4

=item Sys::Virt::StorageVol::DELETE_NORMAL

Remove the volume.

=item Sys::Virt::StorageVol::DELETE_ZEROED

Overwrite the volume with zeros first.

=item Sys::Virt::StorageVol::DELETE_WITH_SNAPSHOTS

Remove the volume's snapshots too (where the storage, such as Ceph RBD, has them).

=back

=head2 RESIZING

For C<$flags> of C<resize>.

=over 4

=item Sys::Virt::StorageVol::RESIZE_ALLOCATE

Allocate the new space at once.

=item Sys::Virt::StorageVol::RESIZE_DELTA

Add C<$capacity> to the size instead of setting the size to it.

=item Sys::Virt::StorageVol::RESIZE_SHRINK

Allow the volume to become smaller.

=back

=head2 WIPING

The C<$algorithm> of C<wipe_pattern>.

=over 4

=item Sys::Virt::StorageVol::WIPE_ALG_ZERO

One pass of zeros.

=item Sys::Virt::StorageVol::WIPE_ALG_NNSA

The 4 passes of the NNSA's policy NAP-14.1-C.

=item Sys::Virt::StorageVol::WIPE_ALG_DOD

The 4 passes of DoD 5220.22-M.

=item Sys::Virt::StorageVol::WIPE_ALG_BSI

The 9 passes of the German BSI's method.

=item Sys::Virt::StorageVol::WIPE_ALG_GUTMANN

Peter Gutmann's 35 passes.

=item Sys::Virt::StorageVol::WIPE_ALG_SCHNEIER

Bruce Schneier's 7 passes.

=item Sys::Virt::StorageVol::WIPE_ALG_PFITZNER7

7 passes of random data (Pfitzner).

=item Sys::Virt::StorageVol::WIPE_ALG_PFITZNER33

33 passes of random data (Pfitzner).

=item Sys::Virt::StorageVol::WIPE_ALG_RANDOM

One pass of random data.

=item Sys::Virt::StorageVol::WIPE_ALG_TRIM

Discard all the volume's blocks (TRIM).

=back

=head2 SPARSE TRANSFERS

=over 4

=item Sys::Virt::StorageVol::VOL_UPLOAD_SPARSE_STREAM

For C<$flags> of C<upload>: the stream carries holes (see C<sparse_send_all> in
L<Sys::Virt::Stream>).

=item Sys::Virt::StorageVol::VOL_DOWNLOAD_SPARSE_STREAM

For C<$flags> of C<download>: holes come as holes (see C<sparse_recv_all> in
L<Sys::Virt::Stream>).

=back

=head1 SEE ALSO

L<Sys::Virt::StoragePool>, L<Sys::Virt::Stream>, L<Sys::Virt::Secret>, L<Sys::Virt>,
L<Sys::Virt::Error>, L<https://libvirt.org/formatstorage.html>

=cut
