package Sys::Virt::Error;

use strict;
use warnings;

use overload '""' => \&stringify;

sub stringify {
    my $self = shift;
    # The newline test comes first, so warnings about an undefined message come in the
    # same order as with the XS module.
    my $end = $self->{message} =~ /\n\z/ ? "" : "\n";
    return "libvirt error code: " . $self->{code} . ", message: " . $self->{message} . $end;
}

sub level   { $_[0]->{level} }
sub code    { $_[0]->{code} }
sub domain  { $_[0]->{domain} }
sub message { $_[0]->{message} }

1;

__END__

=head1 NAME

Sys::Virt::Error - what a failing libvirt call dies with

=head1 SYNOPSIS

  use Sys::Virt;

  my $dom = eval { $conn->get_domain_by_name('no-such-guest') };
  if (my $err = $@) {
      die $err unless ref $err && $err->isa('Sys::Virt::Error');
      if ($err->code == Sys::Virt::Error::ERR_NO_DOMAIN) {
          print "no such guest: ", $err->message, "\n";
      }
  }

=head1 DESCRIPTION

When libvirt reports a failure, the method that called it dies with an object of this
class. It is a blessed hash with exactly four keys, C<level>, C<code>, C<domain> and
C<message>, copied from libvirt's error record at the moment of the failure. When libvirt
failed without saying why, they are 0, 0, 0 and C<Unknown problem>.

Mistakes in the call itself (a wrong number of arguments, a missing constructor parameter)
die with a plain string instead, as in the XS module.

=head1 METHODS

=over 4

=item $err->code

The error number: one of the C<ERR_*> constants.

=item $err->domain

The part of libvirt that raised the error: one of the C<FROM_*> constants.

=item $err->level

How serious it is: one of the C<LEVEL_*> constants. This differs from the XS module, whose
C<level> method returns the error code by mistake (see
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">); read C<< $err->{level} >> for a value
that is the same with both.

=item $err->message

libvirt's description, as bytes.

=item $err->stringify

C<libvirt error code: CODE, message: MESSAGE> and a newline (unless the message already ends
with one). Using the object as a string calls this; no other operator is overloaded, so
compare C<< $err->code >>, not the object.

=back

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::Error::ERR_NO_DOMAIN>; names and
values are those of the XS module. The groups below follow the methods that take or return
them.

=head2 LEVELS

What C<level> returns (and C<< $err->{level} >> holds).

=over 4

=item Sys::Virt::Error::LEVEL_NONE

No level (an error record that is empty).

=item Sys::Virt::Error::LEVEL_WARNING

A warning.

=item Sys::Virt::Error::LEVEL_ERROR

An error.

=back

=head2 ERROR CODES

What C<code> returns, in the order of their numbers. The C<WAR_*> codes are warnings a
driver gives when a part of it could not start.

=over 4

=item Sys::Virt::Error::ERR_OK

No error.

=item Sys::Virt::Error::ERR_INTERNAL_ERROR

Something went wrong inside libvirt.

=item Sys::Virt::Error::ERR_NO_MEMORY

Memory could not be allocated.

=item Sys::Virt::Error::ERR_NO_SUPPORT

The driver, or the libvirt in use, does not support the call.

=item Sys::Virt::Error::ERR_UNKNOWN_HOST

A host name could not be resolved.

=item Sys::Virt::Error::ERR_NO_CONNECT

The hypervisor could not be reached.

=item Sys::Virt::Error::ERR_INVALID_CONN

The connection object is not valid.

=item Sys::Virt::Error::ERR_INVALID_DOMAIN

The domain object is not valid.

=item Sys::Virt::Error::ERR_INVALID_ARG

An argument is not valid.

=item Sys::Virt::Error::ERR_OPERATION_FAILED

A command to the hypervisor failed.

=item Sys::Virt::Error::ERR_GET_FAILED

An HTTP GET failed.

=item Sys::Virt::Error::ERR_POST_FAILED

An HTTP POST failed.

=item Sys::Virt::Error::ERR_HTTP_ERROR

An HTTP request got an unexpected status.

=item Sys::Virt::Error::ERR_SEXPR_SERIAL

An S-expression could not be written (old Xen driver).

=item Sys::Virt::Error::ERR_NO_XEN

The Xen hypervisor could not be opened.

=item Sys::Virt::Error::ERR_XEN_CALL

A call to the Xen hypervisor failed.

=item Sys::Virt::Error::ERR_OS_TYPE

The OS type is not known.

=item Sys::Virt::Error::ERR_NO_KERNEL

The kernel is missing from the definition.

=item Sys::Virt::Error::ERR_NO_ROOT

The root device is missing from the definition.

=item Sys::Virt::Error::ERR_NO_SOURCE

A device's source is missing from the definition.

=item Sys::Virt::Error::ERR_NO_TARGET

A device's target is missing from the definition.

=item Sys::Virt::Error::ERR_NO_NAME

The domain's name is missing from the definition.

=item Sys::Virt::Error::ERR_NO_OS

The OS section is missing from the definition.

=item Sys::Virt::Error::ERR_NO_DEVICE

Device information is missing from the definition.

=item Sys::Virt::Error::ERR_NO_XENSTORE

The Xen store could not be opened.

=item Sys::Virt::Error::ERR_DRIVER_FULL

Too many drivers are registered.

=item Sys::Virt::Error::ERR_CALL_FAILED

The drivers do not support the call (no longer used).

=item Sys::Virt::Error::ERR_XML_ERROR

An XML document is malformed or wrong.

=item Sys::Virt::Error::ERR_DOM_EXIST

The domain exists already.

=item Sys::Virt::Error::ERR_OPERATIONED_DENIED

The call is not allowed on a read-only connection (libvirt's C<VIR_ERR_OPERATION_DENIED>,
under the XS module's spelling).

=item Sys::Virt::Error::ERR_OPEN_FAILED

A configuration file could not be opened.

=item Sys::Virt::Error::ERR_READ_FAILED

A configuration file could not be read.

=item Sys::Virt::Error::ERR_PARSE_FAILED

A configuration file could not be parsed.

=item Sys::Virt::Error::ERR_CONF_SYNTAX

A configuration file has a syntax error.

=item Sys::Virt::Error::ERR_WRITE_FAILED

A configuration file could not be written.

=item Sys::Virt::Error::ERR_XML_DETAIL

More detail about an XML error.

=item Sys::Virt::Error::ERR_INVALID_NETWORK

The network object is not valid.

=item Sys::Virt::Error::ERR_NETWORK_EXIST

The network exists already.

=item Sys::Virt::Error::ERR_SYSTEM_ERROR

A system call failed.

=item Sys::Virt::Error::ERR_RPC

The remote protocol failed.

=item Sys::Virt::Error::ERR_GNUTLS_ERROR

GnuTLS reported an error.

=item Sys::Virt::Error::WAR_NO_NETWORK

Warning: the network driver could not start.

=item Sys::Virt::Error::ERR_NO_DOMAIN

There is no such domain (or it went away).

=item Sys::Virt::Error::ERR_NO_NETWORK

There is no such network.

=item Sys::Virt::Error::ERR_INVALID_MAC

A MAC address is not valid.

=item Sys::Virt::Error::ERR_AUTH_FAILED

Authentication failed.

=item Sys::Virt::Error::ERR_INVALID_STORAGE_POOL

The storage pool object is not valid.

=item Sys::Virt::Error::ERR_INVALID_STORAGE_VOL

The storage volume object is not valid.

=item Sys::Virt::Error::WAR_NO_STORAGE

Warning: the storage driver could not start.

=item Sys::Virt::Error::ERR_NO_STORAGE_POOL

There is no such storage pool.

=item Sys::Virt::Error::ERR_NO_STORAGE_VOL

There is no such storage volume.

=item Sys::Virt::Error::WAR_NO_NODE

Warning: the node device driver could not start.

=item Sys::Virt::Error::ERR_INVALID_NODE_DEVICE

The node device object is not valid.

=item Sys::Virt::Error::ERR_NO_NODE_DEVICE

There is no such node device.

=item Sys::Virt::Error::ERR_NO_SECURITY_MODEL

There is no such security model.

=item Sys::Virt::Error::ERR_OPERATION_INVALID

The call makes no sense in the object's present state (such as starting a running domain).

=item Sys::Virt::Error::WAR_NO_INTERFACE

Warning: the interface driver could not start.

=item Sys::Virt::Error::ERR_NO_INTERFACE

There is no such interface.

=item Sys::Virt::Error::ERR_INVALID_INTERFACE

The interface object is not valid.

=item Sys::Virt::Error::ERR_MULTIPLE_INTERFACES

More than one interface matches.

=item Sys::Virt::Error::WAR_NO_NWFILTER

Warning: the network filter driver could not start.

=item Sys::Virt::Error::ERR_INVALID_NWFILTER

The network filter object is not valid.

=item Sys::Virt::Error::ERR_NO_NWFILTER

There is no such network filter.

=item Sys::Virt::Error::ERR_BUILD_FIREWALL

The firewall rules could not be built.

=item Sys::Virt::Error::WAR_NO_SECRET

Warning: the secret driver could not start.

=item Sys::Virt::Error::ERR_INVALID_SECRET

The secret object is not valid.

=item Sys::Virt::Error::ERR_NO_SECRET

There is no such secret.

=item Sys::Virt::Error::ERR_CONFIG_UNSUPPORTED

The configuration asks for something the driver does not support.

=item Sys::Virt::Error::ERR_OPERATION_TIMEOUT

The operation timed out.

=item Sys::Virt::Error::ERR_MIGRATE_PERSIST_FAILED

A migration worked, but the domain could not be made persistent on the destination.

=item Sys::Virt::Error::ERR_HOOK_SCRIPT_FAILED

A hook script failed.

=item Sys::Virt::Error::ERR_INVALID_DOMAIN_SNAPSHOT

The snapshot object is not valid.

=item Sys::Virt::Error::ERR_NO_DOMAIN_SNAPSHOT

There is no such snapshot.

=item Sys::Virt::Error::ERR_INVALID_STREAM

The stream object is not valid.

=item Sys::Virt::Error::ERR_ARGUMENT_UNSUPPORTED

The argument is valid, but this driver does not support it.

=item Sys::Virt::Error::ERR_STORAGE_PROBE_FAILED

Probing the storage of a pool failed.

=item Sys::Virt::Error::ERR_STORAGE_POOL_BUILT

The storage pool is built already.

=item Sys::Virt::Error::ERR_SNAPSHOT_REVERT_RISKY

Reverting to the snapshot is risky and was not forced
(C<Sys::Virt::DomainSnapshot::REVERT_FORCE>).

=item Sys::Virt::Error::ERR_OPERATION_ABORTED

The operation was cancelled.

=item Sys::Virt::Error::ERR_AUTH_CANCELLED

Authentication was cancelled.

=item Sys::Virt::Error::ERR_NO_DOMAIN_METADATA

The domain has no such metadata.

=item Sys::Virt::Error::ERR_MIGRATE_UNSAFE

The migration is unsafe (see C<Sys::Virt::Domain::MIGRATE_UNSAFE>).

=item Sys::Virt::Error::ERR_OVERFLOW

A number does not fit.

=item Sys::Virt::Error::ERR_BLOCK_COPY_ACTIVE

A block copy job stands in the way.

=item Sys::Virt::Error::ERR_OPERATION_UNSUPPORTED

The operation is not supported.

=item Sys::Virt::Error::ERR_SSH

The ssh transport failed.

=item Sys::Virt::Error::ERR_AGENT_UNRESPONSIVE

The guest agent does not answer, does not run, or cannot be used.

=item Sys::Virt::Error::ERR_RESOURCE_BUSY

The resource is in use.

=item Sys::Virt::Error::ERR_ACCESS_DENIED

Access control denied the operation.

=item Sys::Virt::Error::ERR_DBUS_SERVICE

A D-Bus service reported an error.

=item Sys::Virt::Error::ERR_STORAGE_VOL_EXIST

The storage volume exists already.

=item Sys::Virt::Error::ERR_CPU_INCOMPATIBLE

The CPU does not fit the host's.

=item Sys::Virt::Error::ERR_INVALID_SCHEMA

An XML document does not validate against libvirt's schema (libvirt's
C<VIR_ERR_XML_INVALID_SCHEMA>).

=item Sys::Virt::Error::ERR_MIGRATE_FINISH_OK

A migration's last step worked even though it returned nothing (used inside libvirt).

=item Sys::Virt::Error::ERR_AUTH_UNAVAILABLE

Authentication is not available.

=item Sys::Virt::Error::ERR_NO_SERVER

There is no such server (administration interface).

=item Sys::Virt::Error::ERR_NO_CLIENT

There is no such client (administration interface).

=item Sys::Virt::Error::ERR_AGENT_UNSYNCED

The guest agent answered with the wrong ID (no longer used).

=item Sys::Virt::Error::ERR_LIBSSH

The libssh transport failed.

=item Sys::Virt::Error::ERR_DEVICE_MISSING

The device asked for was not found.

=item Sys::Virt::Error::ERR_INVALID_NWFILTER_BINDING

The network filter binding object is not valid.

=item Sys::Virt::Error::ERR_NO_NWFILTER_BINDING

There is no such network filter binding.

=item Sys::Virt::Error::ERR_INVALID_DOMAIN_CHECKPOINT

The checkpoint object is not valid.

=item Sys::Virt::Error::ERR_NO_DOMAIN_CHECKPOINT

There is no such checkpoint.

=item Sys::Virt::Error::ERR_NO_DOMAIN_BACKUP

There is no such backup job.

=item Sys::Virt::Error::ERR_INVALID_NETWORK_PORT

The network port object is not valid.

=item Sys::Virt::Error::ERR_NETWORK_PORT_EXIST

The network port exists already.

=item Sys::Virt::Error::ERR_NO_NETWORK_PORT

There is no such network port.

=item Sys::Virt::Error::ERR_NO_HOSTNAME

The domain's host name could not be found.

=item Sys::Virt::Error::ERR_CHECKPOINT_INCONSISTENT

The checkpoint cannot be used: its data on the disks does not match.

=item Sys::Virt::Error::ERR_MULTIPLE_DOMAINS

More than one domain matches.

=item Sys::Virt::Error::ERR_NO_NETWORK_METADATA

The network has no such metadata.

=item Sys::Virt::Error::ERR_AGENT_COMMAND_TIMEOUT

The guest agent did not answer a command in time.

=item Sys::Virt::Error::ERR_AGENT_COMMAND_FAILED

The guest agent answered a command with a failure.

=item Sys::Virt::Error::ERR_INVALID_ENCR_KEY_SECRET

An encryption key is not valid.

=back

=head2 ERROR SOURCES

What C<domain> returns: the part of libvirt the error comes from. Some stand for drivers
that libvirt no longer has; they are kept so that the numbers stay the same.

=over 4

=item Sys::Virt::Error::FROM_NONE

No particular part.

=item Sys::Virt::Error::FROM_XEN

The Xen hypervisor layer.

=item Sys::Virt::Error::FROM_XEND

The connection to the xend daemon.

=item Sys::Virt::Error::FROM_XENSTORE

The connection to the Xen store.

=item Sys::Virt::Error::FROM_SEXPR

The S-expression code.

=item Sys::Virt::Error::FROM_XML

The XML code.

=item Sys::Virt::Error::FROM_DOM

Work on a domain.

=item Sys::Virt::Error::FROM_RPC

The remote procedure call code.

=item Sys::Virt::Error::FROM_PROXY

The proxy code (no longer used).

=item Sys::Virt::Error::FROM_CONF

The handling of configuration files.

=item Sys::Virt::Error::FROM_QEMU

The QEMU driver.

=item Sys::Virt::Error::FROM_NET

Work on a network.

=item Sys::Virt::Error::FROM_TEST

The test driver.

=item Sys::Virt::Error::FROM_REMOTE

The remote driver.

=item Sys::Virt::Error::FROM_OPENVZ

The OpenVZ driver.

=item Sys::Virt::Error::FROM_XENXM

The Xen XM layer.

=item Sys::Virt::Error::FROM_STATS_LINUX

The Linux statistics code.

=item Sys::Virt::Error::FROM_LXC

The LXC (Linux container) driver.

=item Sys::Virt::Error::FROM_STORAGE

The storage driver.

=item Sys::Virt::Error::FROM_NETWORK

The network configuration.

=item Sys::Virt::Error::FROM_DOMAIN

The domain configuration.

=item Sys::Virt::Error::FROM_UML

The User Mode Linux driver (no longer used).

=item Sys::Virt::Error::FROM_NODEDEV

The node device driver.

=item Sys::Virt::Error::FROM_XEN_INOTIFY

The Xen inotify layer.

=item Sys::Virt::Error::FROM_SECURITY

The security framework.

=item Sys::Virt::Error::FROM_VBOX

The VirtualBox driver.

=item Sys::Virt::Error::FROM_INTERFACE

Work on an interface.

=item Sys::Virt::Error::FROM_ONE

The OpenNebula driver (no longer used).

=item Sys::Virt::Error::FROM_ESX

The VMware ESX driver.

=item Sys::Virt::Error::FROM_PHYP

The IBM Power hypervisor driver (no longer used).

=item Sys::Virt::Error::FROM_SECRET

The secret driver.

=item Sys::Virt::Error::FROM_CPU

The CPU driver.

=item Sys::Virt::Error::FROM_XENAPI

The XenAPI driver.

=item Sys::Virt::Error::FROM_NWFILTER

The network filter driver.

=item Sys::Virt::Error::FROM_HOOK

The hook scripts.

=item Sys::Virt::Error::FROM_DOMAIN_SNAPSHOT

Domain snapshots.

=item Sys::Virt::Error::FROM_AUDIT

The audit code.

=item Sys::Virt::Error::FROM_SYSINFO

The system information (SMBIOS) code.

=item Sys::Virt::Error::FROM_STREAMS

Streams.

=item Sys::Virt::Error::FROM_VMWARE

The VMware driver.

=item Sys::Virt::Error::FROM_EVENT

The event loop.

=item Sys::Virt::Error::FROM_LIBXL

The libxl (Xen) driver.

=item Sys::Virt::Error::FROM_LOCKING

The lock manager.

=item Sys::Virt::Error::FROM_HYPERV

The Hyper-V driver.

=item Sys::Virt::Error::FROM_CAPABILITIES

The capabilities code.

=item Sys::Virt::Error::FROM_URI

The handling of URIs.

=item Sys::Virt::Error::FROM_AUTH

Authentication.

=item Sys::Virt::Error::FROM_DBUS

D-Bus.

=item Sys::Virt::Error::FROM_PARALLELS

The Parallels (Virtuozzo) driver.

=item Sys::Virt::Error::FROM_DEVICE

Device handling.

=item Sys::Virt::Error::FROM_SSH

The libssh2 transport.

=item Sys::Virt::Error::FROM_LOCKSPACE

Lock spaces.

=item Sys::Virt::Error::FROM_INITCTL

Talking to a container's init.

=item Sys::Virt::Error::FROM_IDENTITY

The identity code.

=item Sys::Virt::Error::FROM_CGROUP

Control groups.

=item Sys::Virt::Error::FROM_ACCESS

Access control.

=item Sys::Virt::Error::FROM_SYSTEMD

The systemd code.

=item Sys::Virt::Error::FROM_BHYVE

The bhyve driver.

=item Sys::Virt::Error::FROM_CRYPTO

The cryptography code.

=item Sys::Virt::Error::FROM_FIREWALL

The firewall code.

=item Sys::Virt::Error::FROM_POLKIT

polkit.

=item Sys::Virt::Error::FROM_THREAD

The thread code.

=item Sys::Virt::Error::FROM_ADMIN

The administration interface.

=item Sys::Virt::Error::FROM_LOGGING

The log manager.

=item Sys::Virt::Error::FROM_XENXL

The Xen xl configuration code.

=item Sys::Virt::Error::FROM_PERF

Performance counters.

=item Sys::Virt::Error::FROM_LIBSSH

The libssh transport.

=item Sys::Virt::Error::FROM_RESCTRL

Resource control (cache and memory bandwidth allocation).

=item Sys::Virt::Error::FROM_FIREWALLD

firewalld.

=item Sys::Virt::Error::FROM_DOMAIN_CHECKPOINT

Domain checkpoints.

=item Sys::Virt::Error::FROM_TPM

The TPM code.

=item Sys::Virt::Error::FROM_BPF

The BPF code.

=item Sys::Virt::Error::FROM_CH

The Cloud Hypervisor driver.

=back

=head1 SEE ALSO

L<Sys::Virt>, L<https://libvirt.org/html/libvirt-virterror.html>

=cut
