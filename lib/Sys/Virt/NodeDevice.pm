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

Every failure reported by libvirt makes a method C<die> with a L<Sys::Virt::Error>. Where
this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so.

=head1 METHODS

=over 4

=item my $name = $dev->get_name()

The device's name, unique on its host (C<pci_0000_00_1f_2>, C<net_eth0_52_54_00_12_34_56>).

=item my $parent = $dev->get_parent()

The name of the device's parent, or C<undef> for a device without one (C<computer>).

=item my @caps = $dev->list_capabilities()

The names of the device's capabilities.

=item my $xml = $dev->get_xml_description($flags = 0)

The C<< <device> >> document that describes the device. With C<XML_INACTIVE>, the
persistent definition rather than the device as it is now.

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

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::NodeDevice::LIST_CAP_PCI_DEV>; names
and values are those of the XS module. The groups below follow the methods that take or
return them.

=head2 CREATING AND DEFINING

=over 4

=item Sys::Virt::NodeDevice::CREATE_XML_VALIDATE

For C<$flags> of L<Sys::Virt/create_node_device>: check the XML against libvirt's schema
first.

=item Sys::Virt::NodeDevice::DEFINE_XML_VALIDATE

For C<$flags> of L<Sys::Virt/define_node_device>: check the XML against libvirt's schema
first.

=back

=head2 DESCRIBING AND UPDATING

C<XML_INACTIVE> is for C<$flags> of C<get_xml_description>, C<UPDATE_AFFECT_*> for those
of C<update>.

=over 4

=item Sys::Virt::NodeDevice::XML_INACTIVE

Describe the persistent definition rather than the device as it is now.

=item Sys::Virt::NodeDevice::UPDATE_AFFECT_CURRENT

The device as it is now if it is active, else its definition.

=item Sys::Virt::NodeDevice::UPDATE_AFFECT_LIVE

The active device.

=item Sys::Virt::NodeDevice::UPDATE_AFFECT_CONFIG

The persistent definition.

=back

=head2 LISTING

For C<$flags> of L<Sys::Virt/list_all_node_devices>. Each C<LIST_CAP_*> bit keeps the
devices with one capability, and several bits keep those with any of them; 0 lists every
device. The last four filter by state.

=over 4

=item Sys::Virt::NodeDevice::LIST_CAP_SYSTEM

The machine itself.

=item Sys::Virt::NodeDevice::LIST_CAP_PCI_DEV

PCI devices.

=item Sys::Virt::NodeDevice::LIST_CAP_USB_DEV

USB devices.

=item Sys::Virt::NodeDevice::LIST_CAP_USB_INTERFACE

USB interfaces.

=item Sys::Virt::NodeDevice::LIST_CAP_NET

Network interfaces.

=item Sys::Virt::NodeDevice::LIST_CAP_SCSI_HOST

SCSI host adapters.

=item Sys::Virt::NodeDevice::LIST_CAP_SCSI_TARGET

SCSI targets.

=item Sys::Virt::NodeDevice::LIST_CAP_SCSI

SCSI devices.

=item Sys::Virt::NodeDevice::LIST_CAP_STORAGE

Storage devices.

=item Sys::Virt::NodeDevice::LIST_CAP_FC_HOST

Fibre Channel host adapters.

=item Sys::Virt::NodeDevice::LIST_CAP_VPORTS

Fibre Channel hosts that can make virtual ports.

=item Sys::Virt::NodeDevice::LIST_CAP_SCSI_GENERIC

Generic SCSI devices.

=item Sys::Virt::NodeDevice::LIST_CAP_DRM

Graphics (DRM) devices.

=item Sys::Virt::NodeDevice::LIST_CAP_MDEV_TYPES

Devices that can make mediated devices.

=item Sys::Virt::NodeDevice::LIST_CAP_MDEV

Mediated devices.

=item Sys::Virt::NodeDevice::LIST_CAP_CCW_DEV

s390 channel (CCW) devices.

=item Sys::Virt::NodeDevice::LIST_CAP_CSS_DEV

s390 subchannels.

=item Sys::Virt::NodeDevice::LIST_CAP_VDPA

vDPA devices.

=item Sys::Virt::NodeDevice::LIST_CAP_AP_CARD

s390 cryptographic adapters.

=item Sys::Virt::NodeDevice::LIST_CAP_AP_QUEUE

s390 cryptographic queues.

=item Sys::Virt::NodeDevice::LIST_CAP_AP_MATRIX

The s390 cryptographic matrix.

=item Sys::Virt::NodeDevice::LIST_CAP_VPD

Devices with PCI vital product data.

=item Sys::Virt::NodeDevice::LIST_CAP_CCWGROUP_DEV

s390 grouped channel devices.

=item Sys::Virt::NodeDevice::LIST_CAP_CCWGROUP_MEMBER

s390 channel devices that belong to such a group.

=item Sys::Virt::NodeDevice::LIST_PERSISTENT

Only devices with a persistent definition.

=item Sys::Virt::NodeDevice::LIST_TRANSIENT

Only devices without one.

=item Sys::Virt::NodeDevice::LIST_INACTIVE

Only defined devices that are not started.

=item Sys::Virt::NodeDevice::LIST_ACTIVE

Only devices that exist now.

=back

=head2 EVENTS

C<EVENT_ID_*> are the C<$eventID> of L<Sys::Virt/node_device_event_register_any>; the
callback gets the connection and the device first, then what each ID says.

=over 4

=item Sys::Virt::NodeDevice::EVENT_ID_LIFECYCLE

A device appeared, went away, was defined or undefined: C<$event> (one of the C<EVENT_*>
values below) and C<$detail> (always 0 for now).

=item Sys::Virt::NodeDevice::EVENT_ID_UPDATE

The device's description changed. Nothing more.

=item Sys::Virt::NodeDevice::EVENT_CREATED

The device appeared.

=item Sys::Virt::NodeDevice::EVENT_DELETED

The device went away.

=item Sys::Virt::NodeDevice::EVENT_DEFINED

The device was defined.

=item Sys::Virt::NodeDevice::EVENT_UNDEFINED

The device was undefined.

=back

=head1 SEE ALSO

L<Sys::Virt>, L<Sys::Virt::Interface>, L<Sys::Virt::Event>, L<Sys::Virt::Error>,
L<https://libvirt.org/formatnode.html>

=cut
