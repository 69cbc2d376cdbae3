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

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>. Where
this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so.

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

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::StoragePool::STATE_RUNNING>; names
and values are those of the XS module. The groups below follow the methods that take or
return them.

=head2 STATES

The C<state> of C<get_info>.

=over 4

=item Sys::Virt::StoragePool::STATE_INACTIVE

Not running.

=item Sys::Virt::StoragePool::STATE_BUILDING

Being built, and not usable until that is done.

=item Sys::Virt::StoragePool::STATE_RUNNING

Running.

=item Sys::Virt::StoragePool::STATE_DEGRADED

Running, with some of its storage failing.

=item Sys::Virt::StoragePool::STATE_INACCESSIBLE

Running, but its storage cannot be reached.

=back

=head2 BUILDING

For C<$flags> of C<build>.

=over 4

=item Sys::Virt::StoragePool::BUILD_NEW

Make the storage from nothing.

=item Sys::Virt::StoragePool::BUILD_REPAIR

Repair the storage that is there.

=item Sys::Virt::StoragePool::BUILD_RESIZE

Grow the storage that is there.

=item Sys::Virt::StoragePool::BUILD_NO_OVERWRITE

Refuse if there is data already (such as a file system).

=item Sys::Virt::StoragePool::BUILD_OVERWRITE

Overwrite whatever is there.

=back

=head2 STARTING

libvirt's flags for starting a pool: start it as it is, or build its storage first. No
method of this module passes them: L<Sys::Virt/create_storage_pool> and C<create> take no
flags, as in the XS module.

=over 4

=item Sys::Virt::StoragePool::CREATE_NORMAL

Start the pool without building it.

=item Sys::Virt::StoragePool::CREATE_WITH_BUILD

Build the storage first.

=item Sys::Virt::StoragePool::CREATE_WITH_BUILD_OVERWRITE

Build the storage first, overwriting what is there.

=item Sys::Virt::StoragePool::CREATE_WITH_BUILD_NO_OVERWRITE

Build the storage first, unless there is data already.

=back

=head2 DEFINING AND DESCRIBING

=over 4

=item Sys::Virt::StoragePool::DEFINE_VALIDATE

For C<$flags> of L<Sys::Virt/define_storage_pool>: check the XML against libvirt's schema
first.

=item Sys::Virt::StoragePool::XML_INACTIVE

For C<$flags> of C<get_xml_description>: describe the configuration of the next start.

=back

=head2 DELETING

For C<$flags> of C<delete>.

=over 4

=item Sys::Virt::StoragePool::DELETE_NORMAL

Remove the storage.

=item Sys::Virt::StoragePool::DELETE_ZEROED

Overwrite the storage with zeros first.

=back

=head2 LISTING

For C<$flags> of L<Sys::Virt/list_all_storage_pools>. The filters of one pair together
mean either; the pool types together mean any of them; filters of different groups must
all hold.

=over 4

=item Sys::Virt::StoragePool::LIST_ACTIVE

Only running pools.

=item Sys::Virt::StoragePool::LIST_INACTIVE

Only stopped pools.

=item Sys::Virt::StoragePool::LIST_PERSISTENT

Only pools with a saved configuration.

=item Sys::Virt::StoragePool::LIST_TRANSIENT

Only pools without one.

=item Sys::Virt::StoragePool::LIST_AUTOSTART

Only pools started with the host.

=item Sys::Virt::StoragePool::LIST_NO_AUTOSTART

Only pools that are not.

=item Sys::Virt::StoragePool::LIST_DIR

Only directory pools.

=item Sys::Virt::StoragePool::LIST_FS

Only pools on a local file system.

=item Sys::Virt::StoragePool::LIST_NETFS

Only pools on a network file system.

=item Sys::Virt::StoragePool::LIST_LOGICAL

Only LVM volume groups.

=item Sys::Virt::StoragePool::LIST_DISK

Only disks (partitions as volumes).

=item Sys::Virt::StoragePool::LIST_ISCSI

Only iSCSI targets.

=item Sys::Virt::StoragePool::LIST_ISCSI_DIRECT

Only iSCSI targets reached directly by the hypervisor (libiscsi).

=item Sys::Virt::StoragePool::LIST_SCSI

Only SCSI host adapters.

=item Sys::Virt::StoragePool::LIST_MPATH

Only multipath devices.

=item Sys::Virt::StoragePool::LIST_RBD

Only Ceph RBD pools.

=item Sys::Virt::StoragePool::LIST_SHEEPDOG

Only Sheepdog pools.

=item Sys::Virt::StoragePool::LIST_GLUSTER

Only Gluster pools.

=item Sys::Virt::StoragePool::LIST_ZFS

Only ZFS pools.

=item Sys::Virt::StoragePool::LIST_VSTORAGE

Only Virtuozzo storage pools.

=back

=head2 EVENTS

C<EVENT_ID_*> are the C<$eventID> of L<Sys::Virt/storage_pool_event_register_any>; the
callback gets the connection and the pool first, then what each ID says.

=over 4

=item Sys::Virt::StoragePool::EVENT_ID_LIFECYCLE

A pool was defined, undefined, started, stopped, built or deleted: C<$event> (one of the
C<EVENT_*> values below) and C<$detail> (always 0 for now).

=item Sys::Virt::StoragePool::EVENT_ID_REFRESH

The pool was refreshed. Nothing more.

=item Sys::Virt::StoragePool::EVENT_DEFINED

The pool was defined.

=item Sys::Virt::StoragePool::EVENT_UNDEFINED

The pool was undefined.

=item Sys::Virt::StoragePool::EVENT_STARTED

The pool was started.

=item Sys::Virt::StoragePool::EVENT_STOPPED

The pool was stopped.

=item Sys::Virt::StoragePool::EVENT_CREATED

The pool's storage was built.

=item Sys::Virt::StoragePool::EVENT_DELETED

The pool's storage was deleted.

=back

=head1 SEE ALSO

L<Sys::Virt::StorageVol>, L<Sys::Virt>, L<Sys::Virt::Secret>, L<Sys::Virt::Event>,
L<Sys::Virt::Error>, L<https://libvirt.org/formatstorage.html>

=cut
