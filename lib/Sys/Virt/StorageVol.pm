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

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>.

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

=head2 Types (C<get_info>)

=over 4

=item TYPE_FILE, TYPE_BLOCK, TYPE_DIR, TYPE_NETWORK, TYPE_NETDIR, TYPE_PLOOP

A file, a block device, a directory, a network volume, a network directory, a Parallels
ploop.

=back

=head2 Creating (C<create_volume>, C<clone_volume>)

=over 4

=item CREATE_PREALLOC_METADATA, CREATE_REFLINK, CREATE_VALIDATE

Allocate only the metadata of a qcow2 volume; clone with a reflink copy; check the XML.

=back

=head2 Deleting (C<delete>)

=over 4

=item DELETE_NORMAL, DELETE_ZEROED, DELETE_WITH_SNAPSHOTS

Remove; overwrite with zeros first; remove its snapshots too.

=back

=head2 Information (C<get_info>)

=over 4

=item USE_ALLOCATION, GET_PHYSICAL

Report the allocation; report the host size instead.

=back

=head2 Resizing (C<resize>)

=over 4

=item RESIZE_ALLOCATE, RESIZE_DELTA, RESIZE_SHRINK

Allocate the new space; add the given size; allow the volume to shrink.

=back

=head2 Wiping (C<wipe_pattern>)

=over 4

=item WIPE_ALG_ZERO, WIPE_ALG_NNSA, WIPE_ALG_DOD, WIPE_ALG_BSI, WIPE_ALG_GUTMANN, WIPE_ALG_SCHNEIER, WIPE_ALG_PFITZNER7, WIPE_ALG_PFITZNER33, WIPE_ALG_RANDOM, WIPE_ALG_TRIM

Zeros once; the NNSA, DoD, BSI, Gutmann, Schneier and Pfitzner (7 or 33 passes) patterns;
random data; a discard of the blocks.

=back

=head2 Streams (C<upload>, C<download>)

=over 4

=item VOL_UPLOAD_SPARSE_STREAM, VOL_DOWNLOAD_SPARSE_STREAM

The stream carries holes (see C<sparse_send_all> and C<sparse_recv_all> in
L<Sys::Virt::Stream>).

=back

=head1 DIFFERENCES FROM THE XS Sys::Virt

An object of another class where a volume, pool or stream is expected dies with a message
instead of reaching libvirt as a bad pointer. A NUL byte in a name, key, path or XML dies
instead of cutting the string short.

=head1 SEE ALSO

L<Sys::Virt::StoragePool>, L<Sys::Virt::Stream>, L<Sys::Virt>,
L<https://libvirt.org/formatstorage.html>

=cut
