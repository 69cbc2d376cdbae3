package Sys::Virt::StoragePool;

use strict;
use warnings;

# Construction, as the XS module does it: by name, by UUID (16 raw bytes, or 32 or 36
# characters of hex), by one of its volumes, by its target path, or from XML (started at
# once, or only defined with nocreate), blessed into the class it was called on.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    die "connection parameter is required" unless exists $params{connection};
    my $con = $params{connection};
    my $self;
    if (exists $params{name}) {
        $self = Sys::Virt::StoragePool::_lookup_by_name($con, $params{name});
    } elsif (exists $params{uuid}) {
        if (length($params{uuid}) == 16) {
            $self = Sys::Virt::StoragePool::_lookup_by_uuid($con, $params{uuid});
        } elsif (length($params{uuid}) == 32 || length($params{uuid}) == 36) {
            $self = Sys::Virt::StoragePool::_lookup_by_uuid_string($con, $params{uuid});
        } else {
            die "UUID must be either 16 unsigned bytes, or 32/36 hex characters long";
        }
    } elsif (exists $params{volume}) {
        $self = Sys::Virt::StoragePool::_lookup_by_volume($params{volume});
    } elsif (exists $params{target_path}) {
        $self = Sys::Virt::StoragePool::_lookup_by_target_path($con, $params{target_path});
    } elsif (exists $params{xml}) {
        if ($params{nocreate}) {
            $self = Sys::Virt::StoragePool::_define_xml($con, $params{xml}, $params{flags});
        } else {
            $self = Sys::Virt::StoragePool::_create_xml($con, $params{xml});
        }
    } else {
        die "address, id or uuid parameters are required";
    }
    return bless $self, $class;
}

# As with networks, volumes that vanish between the listing of their names and their
# lookup are left out.
sub list_volumes {
    my $self = shift;
    my @names = $self->list_storage_vol_names($self->num_of_storage_volumes());
    my @found;
    for my $name (@names) {
        my $vol = eval { Sys::Virt::StorageVol->_new(pool => $self, name => $name) };
        push @found, $vol if $vol;
    }
    return @found;
}

sub get_volume_by_name {
    my $self = shift;
    my ($name) = @_;
    return Sys::Virt::StorageVol->_new(pool => $self, name => $name);
}

sub create_volume {
    my $self = shift;
    my ($xml) = @_;
    return Sys::Virt::StorageVol->_new(pool => $self, xml => $xml);
}

sub clone_volume {
    my $self = shift;
    my ($xml, $clone) = @_;
    return Sys::Virt::StorageVol->_new(pool => $self, xml => $xml, clone => $clone);
}

1;

__END__

=head1 NAME

Sys::Virt::StoragePool - a pool of storage volumes on a libvirt host

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'test:///default');
  my $pool = $conn->get_storage_pool_by_name('default-pool');
  my $info = $pool->get_info;
  printf "%s: %d of %d bytes used\n", $pool->get_name, $info->{allocation},
      $info->{capacity};
  my $vol = $pool->create_volume(<<'XML');
  <volume><name>disk1.img</name><capacity unit='M'>64</capacity></volume>
  XML
  print $vol->get_path, "\n";

=head1 DESCRIPTION

A storage pool is a place libvirt makes volumes in: a directory, a file system, a disk, an
LVM volume group, an iSCSI target and more. Objects come from the connection
(L<Sys::Virt>): C<get_storage_pool_by_name>, C<get_storage_pool_by_uuid>,
C<get_storage_pool_by_volume>, C<get_storage_pool_by_target_path>,
C<list_all_storage_pools>, C<list_storage_pools>, C<list_defined_storage_pools>,
C<create_storage_pool> and C<define_storage_pool>. Its volumes are
L<Sys::Virt::StorageVol> objects.

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>.

=head1 METHODS

=over 4

=item my $name = $pool->get_name()

The pool's name, unique on its host.

=item my $uuid = $pool->get_uuid()

The pool's UUID as 16 raw bytes.

=item my $uuid = $pool->get_uuid_string()

The UUID in its printable form.

=item my $xml = $pool->get_xml_description($flags = 0)

The XML document that describes the pool; with C<XML_INACTIVE>, the configuration of its
next start.

=item my $info = $pool->get_info()

A hash reference: C<state> (one of the C<STATE_*> constants), and C<capacity>,
C<allocation> and C<available>, in bytes.

=item my $bool = $pool->is_active(), my $bool = $pool->is_persistent()

True while the pool is running; true when it has a saved configuration.

=item $pool->build($flags = 0)

Makes the pool's underlying storage (the directory, the file system, ...). C<$flags> take
the C<BUILD_*> constants.

=item $pool->create()

Starts a pool that was defined with C<define_storage_pool>.

=item $pool->refresh($flags = 0)

Looks at the underlying storage again, for volumes made or removed behind libvirt's back.
C<$flags> is unused and should be 0.

=item $pool->destroy()

Stops the pool. Its volumes and data stay where they are.

=item $pool->delete($flags = 0)

Removes the pool's underlying storage (which must hold no volumes). C<$flags> take the
C<DELETE_*> constants.

=item $pool->undefine()

Removes the saved configuration of a stopped pool.

=item my $bool = $pool->get_autostart(), $pool->set_autostart($bool)

Whether the pool is started with the host.

=item my $n = $pool->num_of_storage_volumes()

How many volumes the pool has.

=item my @names = $pool->list_storage_vol_names($max)

The names of at most C<$max> volumes.

=item my @vols = $pool->list_all_volumes($flags = 0)

Every volume, as L<Sys::Virt::StorageVol> objects, in one call. C<$flags> is unused and
should be 0.

=item my @vols = $pool->list_volumes()

The same, looked up one by one; a volume that disappears meanwhile is left out.

=item my $vol = $pool->get_volume_by_name($name)

The volume called C<$name>.

=item my $vol = $pool->create_volume($xml)

Makes a volume from a C<< <volume> >> document.

=item my $vol = $pool->clone_volume($xml, $source)

Makes a volume from a C<< <volume> >> document, with the contents of the volume
C<$source> (a L<Sys::Virt::StorageVol>, of this pool or another).

=back

Objects release their handle when they go out of scope (C<DESTROY>).

=head1 CONSTANTS

=head2 States (C<get_info>)

=over 4

=item STATE_INACTIVE, STATE_BUILDING, STATE_RUNNING, STATE_DEGRADED, STATE_INACCESSIBLE

Not running; being built; running; running with some of its storage failing; running but
its storage cannot be reached.

=back

=head2 Building (C<build>)

=over 4

=item BUILD_NEW, BUILD_REPAIR, BUILD_RESIZE, BUILD_NO_OVERWRITE, BUILD_OVERWRITE

Make new storage, repair it, resize it; refuse to, or be allowed to, overwrite what is
there.

=back

=head2 Creating (C<create_storage_pool> on the connection)

=over 4

=item CREATE_NORMAL, CREATE_WITH_BUILD, CREATE_WITH_BUILD_OVERWRITE, CREATE_WITH_BUILD_NO_OVERWRITE

Start as it is, or build the storage first (allowed to overwrite, or not).

=back

=head2 Defining (C<define_storage_pool>)

=over 4

=item DEFINE_VALIDATE

Check the XML against libvirt's schema first.

=back

=head2 Deleting (C<delete>)

=over 4

=item DELETE_NORMAL, DELETE_ZEROED

Remove the storage; also overwrite it with zeros first.

=back

=head2 Describing (C<get_xml_description>)

=over 4

=item XML_INACTIVE

The configuration of the next start.

=back

=head2 Listing (C<list_all_storage_pools> on the connection)

=over 4

=item LIST_ACTIVE, LIST_INACTIVE, LIST_PERSISTENT, LIST_TRANSIENT, LIST_AUTOSTART, LIST_NO_AUTOSTART

Running or not, with a saved configuration or not, started with the host or not.

=item LIST_DIR, LIST_FS, LIST_NETFS, LIST_LOGICAL, LIST_DISK, LIST_ISCSI, LIST_ISCSI_DIRECT, LIST_SCSI, LIST_MPATH, LIST_RBD, LIST_SHEEPDOG, LIST_GLUSTER, LIST_ZFS, LIST_VSTORAGE

Only pools of these types.

=back

=head2 Events

=over 4

=item EVENT_ID_LIFECYCLE, EVENT_ID_REFRESH

The events of pools, whose life-cycle details are:

=item EVENT_DEFINED, EVENT_UNDEFINED, EVENT_STARTED, EVENT_STOPPED, EVENT_CREATED, EVENT_DELETED

A pool was defined, undefined, started, stopped, built or deleted.

=back

Registering for storage events needs libvirt's event loop, which this distribution does not
offer yet.

=head1 DIFFERENCES FROM THE XS Sys::Virt

An object of another class where a pool or volume is expected, a raw UUID shorter than 16
bytes and C<destroy> on a non-object die with a message instead of reaching libvirt as a
bad pointer or crashing. A NUL byte in a name, path or XML dies instead of cutting the
string short.

=head1 SEE ALSO

L<Sys::Virt>, L<Sys::Virt::StorageVol>, L<https://libvirt.org/formatstorage.html>

=cut
