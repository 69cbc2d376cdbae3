package Sys::Virt::NodeDevice;

use strict;
use warnings;

# Construction, as the XS module does it: by name, by the WWNN and WWPN of a SCSI host, or
# from XML (created at once, or only defined with nocreate), blessed into the class it was
# called on.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    die "connection parameter is required" unless exists $params{connection};
    my $con = $params{connection};
    my $self;
    if (exists $params{name}) {
        $self = Sys::Virt::NodeDevice::_lookup_by_name($con, $params{name});
    } elsif (exists $params{wwnn}) {
        $self = Sys::Virt::NodeDevice::_lookup_scsihost_by_wwn($con, $params{wwnn},
                                                               $params{wwpn}, $params{flags});
    } elsif (exists $params{xml}) {
        if ($params{nocreate}) {
            $self = Sys::Virt::NodeDevice::_define_xml($con, $params{xml}, $params{flags});
        } else {
            $self = Sys::Virt::NodeDevice::_create_xml($con, $params{xml}, $params{flags});
        }
    } else {
        die "name parameter is required";
    }
    return bless $self, $class;
}

1;

__END__

=head1 NAME

Sys::Virt::NodeDevice - a device of a libvirt host

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'qemu:///system');
  for my $dev ($conn->list_all_node_devices) {
      printf "%-40s parent %-20s %s\n", $dev->get_name, $dev->get_parent // '-',
          join(',', $dev->list_capabilities);
  }

  # Hand a PCI device to guests, and give it back to the host
  my $nic = $conn->get_node_device_by_name('pci_0000_03_00_0');
  $nic->dettach(undef);
  ...
  $nic->reattach;

=head1 DESCRIPTION

An object of this class stands for one device of the host as libvirt's node device driver
sees it: the machine itself (C<computer>), PCI and USB devices, SCSI hosts, targets and
disks, network cards, mediated devices and more, arranged in a tree by their parents. Each
device has one or more I<capabilities> that say what it is (C<pci>, C<net>, C<scsi_host>,
C<mdev>, ...). Objects come from the connection (L<Sys::Virt>): C<get_node_device_by_name>,
C<get_node_device_scsihost_by_wwn>, C<list_all_node_devices>, C<list_node_devices>,
C<create_node_device> and C<define_node_device>.

A PCI device can be taken from the host's driver so that guests may use it (C<dettach>),
reset, and given back (C<reattach>). Virtual devices (the vHBAs of Fibre Channel hosts,
mediated devices) can be created and destroyed, and mediated devices also defined,
started with the host (C<set_autostart>) and undefined.

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>.

=head1 METHODS

=over 4

=item my $name = $dev->get_name()

The device's name, unique on its host (C<pci_0000_00_1f_2>, C<net_eth0_52_54_00_12_34_56>).

=item my $parent = $dev->get_parent()

The name of the device's parent, or C<undef> for a device without one (C<computer>).

=item my @caps = $dev->list_capabilities()

The names of the device's capabilities.

=item my $xml = $dev->get_xml_description($flags = 0)

The C<< <device> >> document that describes the device. C<$flags> is unused and should be
0.

=item $dev->dettach($driver, $flags = 0)

Unbinds the device from its host driver, so that it can be given to a guest. C<$driver>
names the backend to bind it to instead (C<vfio>), or is C<undef> for libvirt's choice.
C<$flags> is unused and should be 0. (The spelling is libvirt's old one.)

=item $dev->reattach()

Gives a detached device back to its host driver.

=item $dev->reset()

Resets the device (a function-level or bus reset). It must be detached from the host's
driver first.

=item $dev->destroy()

Removes a virtual device (a vHBA, a running mediated device). A defined device stays
defined.

=item $dev->create($flags = 0)

Starts a device that was defined with C<define_node_device>. C<$flags> is unused and should
be 0.

=item $dev->undefine($flags = 0)

Removes the definition of a device defined with C<define_node_device>. C<$flags> is unused
and should be 0.

=item my $bool = $dev->get_autostart()

True when the (defined) device is started with the host.

=item $dev->set_autostart($bool)

Sets whether the device is started with the host.

=item $dev->update($xml, $flags = 0)

Changes the definition of a persistent mediated device to C<$xml>, in its live state, its
persistent configuration or both (C<UPDATE_AFFECT_*>). Needs libvirt 10.1.0 or later (see
L<Sys::Virt/"LIBVIRT VERSIONS">).

=item my $bool = $dev->is_active()

True when the device exists now (a defined device may not be started).

=item my $bool = $dev->is_persistent()

True when the device has a definition that outlives it.

=back

Objects release their handle when they go out of scope (C<DESTROY>). Like every method of
this class, the methods above may also be called as functions
(C<Sys::Virt::NodeDevice::get_name($dev)>); they carry the prototypes of the XS module.

=head1 CONSTANTS

=head2 Creating and defining (C<create_node_device>, C<define_node_device>)

=over 4

=item CREATE_XML_VALIDATE, DEFINE_XML_VALIDATE

Check the XML against libvirt's schema first.

=back

=head2 Listing (C<list_all_node_devices> on the connection)

Each C<LIST_CAP_*> constant keeps the devices with one capability; several may be or'ed
together, and 0 lists every device.

=over 4

=item LIST_CAP_SYSTEM, LIST_CAP_PCI_DEV, LIST_CAP_USB_DEV, LIST_CAP_USB_INTERFACE, LIST_CAP_NET

The machine itself, PCI devices, USB devices, USB interfaces and network interfaces.

=item LIST_CAP_SCSI_HOST, LIST_CAP_SCSI_TARGET, LIST_CAP_SCSI, LIST_CAP_STORAGE, LIST_CAP_SCSI_GENERIC

SCSI hosts, targets and devices, storage devices and generic SCSI devices.

=item LIST_CAP_FC_HOST, LIST_CAP_VPORTS

Fibre Channel hosts, and those that can make virtual ports.

=item LIST_CAP_DRM, LIST_CAP_MDEV, LIST_CAP_MDEV_TYPES, LIST_CAP_VDPA, LIST_CAP_VPD

Graphics (DRM) devices, mediated devices, devices that can make mediated devices, vDPA
devices, and devices with PCI vital product data.

=item LIST_CAP_CCW_DEV, LIST_CAP_CSS_DEV, LIST_CAP_AP_CARD, LIST_CAP_AP_QUEUE, LIST_CAP_AP_MATRIX

s390 channel devices and subchannels, and s390 cryptographic adapters, queues and matrix.

=item LIST_ACTIVE, LIST_INACTIVE

Only devices that exist now, or only defined devices that are not started.

=back

=head2 Events

=over 4

=item EVENT_ID_LIFECYCLE, EVENT_ID_UPDATE

The kinds of node device event: life cycle, and a change of the device's description.

=item EVENT_CREATED, EVENT_DELETED, EVENT_DEFINED, EVENT_UNDEFINED

The life-cycle details: a device appeared, went away, was defined, or was undefined.

=back

Registering for node device events (C<node_device_event_register_any>) needs libvirt's
event loop, which this class does not provide.

=head1 DIFFERENCES FROM THE XS Sys::Virt

An object of another class where a device is expected dies with a message instead of
reaching libvirt as a bad pointer. C<destroy> on something that is not an object dies
instead of crashing. A NUL byte inside a name, WWN, driver name or XML dies instead of
cutting the string short.

=head1 SEE ALSO

L<Sys::Virt>, L<Sys::Virt::Error>, L<https://libvirt.org/formatnode.html>

=cut
