package Sys::Virt;

use strict;
use warnings;

use Sys::Virt::Error;
use Sys::Virt::Domain;
use Sys::Virt::DomainCheckpoint;
use Sys::Virt::DomainSnapshot;
use Sys::Virt::Network;
use Sys::Virt::NetworkPort;
use Sys::Virt::StoragePool;
use Sys::Virt::StorageVol;
use Sys::Virt::NodeDevice;
use Sys::Virt::Interface;
use Sys::Virt::Secret;
use Sys::Virt::NWFilter;
use Sys::Virt::NWFilterBinding;
use Sys::Virt::Stream;
use Sys::Virt::Event;

our $VERSION = '12.7.0';

require XSLoader;
XSLoader::load('Sys::Virt', $VERSION);

sub new {
    my ($proto, %args) = @_;
    my $class = ref($proto) || $proto;

    my $uri;
    if (exists $args{address}) {
        $uri = $args{address};
    } elsif (exists $args{uri}) {
        $uri = $args{uri};
    }
    my $flags = exists $args{flags} ? $args{flags} : 0;
    $flags |= Sys::Virt::CONNECT_RO() if $args{readonly};

    my $con;
    if ($args{auth}) {
        $con = Sys::Virt::_open_auth($uri, $args{credlist}, $args{callback}, $flags);
    } else {
        $con = Sys::Virt::_open($uri, $flags);
    }
    return bless $con, $class;
}

# $obj->async, for the objects of every class: a proxy whose methods return Futures
# (Sys::Virt::Async, loaded at the first use, so that loading this module costs nothing
# more).
for my $class (qw(Sys::Virt Sys::Virt::Domain Sys::Virt::DomainCheckpoint
                  Sys::Virt::DomainSnapshot Sys::Virt::Network Sys::Virt::NetworkPort
                  Sys::Virt::StoragePool Sys::Virt::StorageVol Sys::Virt::Stream
                  Sys::Virt::Interface Sys::Virt::NodeDevice Sys::Virt::Secret
                  Sys::Virt::NWFilter Sys::Virt::NWFilterBinding)) {
    no strict 'refs';
    *{"${class}::async"} = sub {
        require Sys::Virt::Async;
        Sys::Virt::Async::proxy($_[0], $class);
    };
}

sub new_async {
    my ($proto, %args) = @_;
    my $class = ref($proto) || $proto;
    require Sys::Virt::Async;
    die "Sys::Virt->new_async: credential callbacks (auth) would run on a worker thread;"
        . " open such connections with Sys::Virt->new\n"
      if $args{auth};
    my $uri = exists $args{address} ? $args{address} : $args{uri};
    my $flags = exists $args{flags} ? $args{flags} : 0;
    $flags |= Sys::Virt::CONNECT_RO() if $args{readonly};
    Sys::Virt::Async::_proxy_class('Sys::Virt');
    my $f = Sys::Virt::Async::_track(Sys::Virt::Async::XS::Sys::Virt::_open($uri, $flags))
        ->then(sub { Sys::Virt::Async::Future->done(bless $_[0], $class) });
    return $f;
}

sub create_domain {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::Domain->_new(connection => $self, xml => $xml, flags => $flags || 0);
}

sub create_domain_with_files {
    my $self = shift;
    my ($xml, $fds, $flags) = @_;
    return Sys::Virt::Domain->_new(connection => $self, xml => $xml, fds => $fds,
                                   flags => $flags || 0);
}

sub define_domain {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::Domain->_new(connection => $self, xml => $xml, nocreate => 1,
                                   flags => $flags || 0);
}

sub get_domain_by_name {
    my $self = shift;
    my ($name) = @_;
    return Sys::Virt::Domain->_new(connection => $self, name => $name);
}

sub get_domain_by_id {
    my $self = shift;
    my ($id) = @_;
    return Sys::Virt::Domain->_new(connection => $self, id => $id);
}

sub get_domain_by_uuid {
    my $self = shift;
    my ($uuid) = @_;
    return Sys::Virt::Domain->_new(connection => $self, uuid => $uuid);
}

# Domains that vanish between listing their ids (or names) and looking them up are
# left out, silently.
sub list_domains {
    my $self = shift;
    my @ids = $self->list_domain_ids($self->num_of_domains());
    my @found;
    for my $id (@ids) {
        my $dom = eval { Sys::Virt::Domain->_new(connection => $self, id => $id) };
        push @found, $dom if $dom;
    }
    return @found;
}

sub list_defined_domains {
    my $self = shift;
    my @names = $self->list_defined_domain_names($self->num_of_defined_domains());
    my @found;
    for my $name (@names) {
        my $dom = eval { Sys::Virt::Domain->_new(connection => $self, name => $name) };
        push @found, $dom if $dom;
    }
    return @found;
}

sub create_network {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::Network->_new(connection => $self, xml => $xml, flags => $flags || 0);
}

sub define_network {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::Network->_new(connection => $self, xml => $xml, nocreate => 1,
                                    flags => $flags || 0);
}

sub get_network_by_name {
    my $self = shift;
    my ($name) = @_;
    return Sys::Virt::Network->_new(connection => $self, name => $name);
}

sub get_network_by_uuid {
    my $self = shift;
    my ($uuid) = @_;
    return Sys::Virt::Network->_new(connection => $self, uuid => $uuid);
}

# As with domains, networks that vanish between the listing of their names and their
# lookup are left out.
sub list_networks {
    my $self = shift;
    my @names = $self->list_network_names($self->num_of_networks());
    my @found;
    for my $name (@names) {
        my $net = eval { Sys::Virt::Network->_new(connection => $self, name => $name) };
        push @found, $net if $net;
    }
    return @found;
}

sub list_defined_networks {
    my $self = shift;
    my @names = $self->list_defined_network_names($self->num_of_defined_networks());
    my @found;
    for my $name (@names) {
        my $net = eval { Sys::Virt::Network->_new(connection => $self, name => $name) };
        push @found, $net if $net;
    }
    return @found;
}

sub create_storage_pool {
    my $self = shift;
    my ($xml) = @_;
    return Sys::Virt::StoragePool->_new(connection => $self, xml => $xml);
}

sub define_storage_pool {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::StoragePool->_new(connection => $self, xml => $xml, nocreate => 1,
                                        flags => $flags || 0);
}

sub get_storage_pool_by_name {
    my $self = shift;
    my ($name) = @_;
    return Sys::Virt::StoragePool->_new(connection => $self, name => $name);
}

sub get_storage_pool_by_uuid {
    my $self = shift;
    my ($uuid) = @_;
    return Sys::Virt::StoragePool->_new(connection => $self, uuid => $uuid);
}

sub get_storage_pool_by_volume {
    my $self = shift;
    my ($volume) = @_;
    return Sys::Virt::StoragePool->_new(connection => $self, volume => $volume);
}

sub get_storage_pool_by_target_path {
    my $self = shift;
    my ($path) = @_;
    return Sys::Virt::StoragePool->_new(connection => $self, target_path => $path);
}

sub get_storage_volume_by_path {
    my $self = shift;
    my ($path) = @_;
    return Sys::Virt::StorageVol->_new(connection => $self, path => $path);
}

sub get_storage_volume_by_key {
    my $self = shift;
    my ($key) = @_;
    return Sys::Virt::StorageVol->_new(connection => $self, key => $key);
}

sub list_storage_pools {
    my $self = shift;
    my @names = $self->list_storage_pool_names($self->num_of_storage_pools());
    my @found;
    for my $name (@names) {
        my $pool = eval { Sys::Virt::StoragePool->_new(connection => $self, name => $name) };
        push @found, $pool if $pool;
    }
    return @found;
}

sub list_defined_storage_pools {
    my $self = shift;
    my @names = $self->list_defined_storage_pool_names($self->num_of_defined_storage_pools());
    my @found;
    for my $name (@names) {
        my $pool = eval { Sys::Virt::StoragePool->_new(connection => $self, name => $name) };
        push @found, $pool if $pool;
    }
    return @found;
}

# Host objects: interfaces, node devices, secrets, network filters and their bindings.
# As for domains, an object that vanishes between the listing of its name (or UUID) and its
# lookup is left out of the one-by-one lists.

sub _lookup_each {
    my ($self, $class, $key, @ids) = @_;
    my @found;
    for my $id (@ids) {
        my $obj = eval { $class->_new(connection => $self, $key => $id) };
        push @found, $obj if $obj;
    }
    return @found;
}

# Like the XS module, create_interface defines the interface (libvirt has no call that
# creates one without defining it), without flags.
sub create_interface {
    my $self = shift;
    my ($xml) = @_;
    return Sys::Virt::Interface->_new(connection => $self, xml => $xml);
}

sub define_interface {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::Interface->_new(connection => $self, xml => $xml, nocreate => 1,
                                      flags => $flags || 0);
}

sub get_interface_by_name {
    my $self = shift;
    my ($name) = @_;
    return Sys::Virt::Interface->_new(connection => $self, name => $name);
}

sub get_interface_by_mac {
    my $self = shift;
    my ($mac) = @_;
    return Sys::Virt::Interface->_new(connection => $self, mac => $mac);
}

sub list_interfaces {
    my $self = shift;
    return $self->_lookup_each('Sys::Virt::Interface', name =>
        $self->list_interface_names($self->num_of_interfaces()));
}

sub list_defined_interfaces {
    my $self = shift;
    return $self->_lookup_each('Sys::Virt::Interface', name =>
        $self->list_defined_interface_names($self->num_of_defined_interfaces()));
}

sub create_node_device {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::NodeDevice->_new(connection => $self, xml => $xml, flags => $flags || 0);
}

sub define_node_device {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::NodeDevice->_new(connection => $self, xml => $xml, nocreate => 1,
                                       flags => $flags || 0);
}

sub get_node_device_by_name {
    my $self = shift;
    my ($name) = @_;
    return Sys::Virt::NodeDevice->_new(connection => $self, name => $name);
}

sub get_node_device_scsihost_by_wwn {
    my $self = shift;
    my ($wwnn, $wwpn) = @_;
    return Sys::Virt::NodeDevice->_new(connection => $self, wwnn => $wwnn, wwpn => $wwpn);
}

sub list_node_devices {
    my $self = shift;
    my ($cap) = @_;
    return $self->_lookup_each('Sys::Virt::NodeDevice', name =>
        $self->list_node_device_names($cap, $self->num_of_node_devices($cap)));
}

sub define_secret {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::Secret->_new(connection => $self, xml => $xml, nocreate => 1,
                                   flags => $flags || 0);
}

sub get_secret_by_uuid {
    my $self = shift;
    my ($uuid) = @_;
    return Sys::Virt::Secret->_new(connection => $self, uuid => $uuid);
}

sub get_secret_by_usage {
    my $self = shift;
    my ($type, $id) = @_;
    return Sys::Virt::Secret->_new(connection => $self, usageType => $type, usageID => $id);
}

sub list_secrets {
    my $self = shift;
    return $self->_lookup_each('Sys::Virt::Secret', uuid =>
        $self->list_secret_uuids($self->num_of_secrets()));
}

sub define_nwfilter {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::NWFilter->_new(connection => $self, xml => $xml, nocreate => 1,
                                     flags => $flags || 0);
}

sub get_nwfilter_by_name {
    my $self = shift;
    my ($name) = @_;
    return Sys::Virt::NWFilter->_new(connection => $self, name => $name);
}

sub get_nwfilter_by_uuid {
    my $self = shift;
    my ($uuid) = @_;
    return Sys::Virt::NWFilter->_new(connection => $self, uuid => $uuid);
}

sub list_nwfilters {
    my $self = shift;
    return $self->_lookup_each('Sys::Virt::NWFilter', name =>
        $self->list_nwfilter_names($self->num_of_nwfilters()));
}

sub create_nwfilter_binding {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::NWFilterBinding->_new(connection => $self, xml => $xml,
                                            flags => $flags || 0);
}

sub get_nwfilter_binding_by_port_dev {
    my $self = shift;
    my ($portdev) = @_;
    return Sys::Virt::NWFilterBinding->_new(connection => $self, portdev => $portdev);
}

sub new_stream {
    my $self = shift;
    my ($flags) = @_;
    return Sys::Virt::Stream->_new(connection => $self, flags => $flags || 0);
}

sub get_version {
    my $self = shift;
    return Sys::Virt::_get_library_version() unless defined $self;
    return $self->_get_conn_version;
}

sub get_library_version {
    my $self = shift;
    return $self->_get_conn_library_version;
}

# libvirt versions are major * 1,000,000 + minor * 1,000 + micro.
sub get_major_version {
    my $self = shift;
    my $ver = $self->get_version;
    return ($ver - ($ver % 1000000)) / 1000000;
}

sub get_minor_version {
    my $self = shift;
    my $ver = $self->get_version;
    my $rest = $ver % 1000000;
    return ($rest - ($rest % 1000)) / 1000;
}

sub get_micro_version {
    my $self = shift;
    return $self->get_version % 1000;
}

1;

__END__

=head1 NAME

Sys::Virt - manage virtual machines through libvirt, from Perl

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'test:///default');
  for my $dom ($conn->list_all_domains) {
      my ($state, $reason) = $dom->get_state;
      printf "%-20s state %d\n", $dom->get_name, $state;
  }

=head1 DESCRIPTION

This distribution is a drop-in replacement for the XS module C<Sys::Virt>, with the
native part written in Rust. It implements the API of Sys::Virt 12.7.0, and so also that
of the older releases scripts were written for (Debian 12 ships 9.0.0, Debian 13 11.1.0):
scripts keep saying C<use Sys::Virt;> (or C<use Sys::Virt 11.0;>) and see the same
classes, methods, return values, constants, warnings and error objects. One build runs on
any libvirt from 9.0 on (see L</LIBVIRT VERSIONS>).

A connection object is a handle on one hypervisor, named by a libvirt URI. Every failure
reported by libvirt makes the method C<die> with a L<Sys::Virt::Error> object.

=head1 CONNECTING

=over 4

=item my $conn = Sys::Virt->new(uri => $uri, readonly => $ro, flags => $flags)

Opens a connection to the hypervisor at C<$uri>. Without C<uri>, libvirt picks its default
(the C<LIBVIRT_DEFAULT_URI> environment variable, its configuration, or a probe of the
local drivers). C<address> is accepted as an older name for C<uri>. A true C<readonly>
asks for a read-only connection (it adds C<Sys::Virt::CONNECT_RO> to C<flags>:
L</"CONNECTION FLAGS">). Useful URIs include C<test:///default> (libvirt's in-process test
driver, with one running guest named C<test>), C<qemu:///system> and
C<qemu+ssh://host/system>.

=item my $conn = Sys::Virt->new(uri => $uri, auth => 1, credlist => \@types, callback => \&answer)

Opens the connection with authentication. C<credlist> lists the kinds of credential the
program can supply (C<Sys::Virt::CRED_*> constants: L</CREDENTIALS>). When libvirt needs
some, C<callback> is called with one argument, a reference to an array of hashes, one per
credential: C<type> (a C<CRED_*> constant), C<prompt> (text for a person), C<challenge>
(what the server asks for, often undef) and C<result>, already set to libvirt's default
answer if it has one. The callback sets C<result> in each hash it can answer and returns
0, or returns -1 to give up. A C<result> left undef is passed as no answer. A C<die> in
the callback makes the connection fail and C<new> die with that error.

With C<auth> true but without C<callback> or C<credlist>, libvirt's default callbacks are
used: they ask on the terminal (and read passwords without echo), so they suit only
interactive programs.

  my $conn = Sys::Virt->new(
      uri      => 'qemu+tcp://host/system',
      auth     => 1,
      credlist => [ Sys::Virt::CRED_AUTHNAME, Sys::Virt::CRED_PASSPHRASE ],
      callback => sub {
          my ($creds) = @_;
          for my $c (@$creds) {
              $c->{result} = 'admin'  if $c->{type} == Sys::Virt::CRED_AUTHNAME;
              $c->{result} = $secret  if $c->{type} == Sys::Virt::CRED_PASSPHRASE;
          }
          return 0;
      });

=item my $f = Sys::Virt->new_async(uri => $uri, readonly => $ro, flags => $flags)

=item my $proxy = $obj->async()

The calls that don't block. C<new_async> opens a connection on a worker thread and returns
a Future of it; C<async>, a method of the connection and of the objects of every class,
returns a proxy whose methods are the object's, each returning a Future of what the method
returns. See L<Sys::Virt::Async>.

=back

A process that has opened an admin connection (L<Sys::Virt::Admin>) cannot open
connections with C<new>: it dies with a L<Sys::Virt::Error> of code 3 (not supported),
because libvirt-admin's copy of libvirt's object types stands where libvirt's own would
(see L<Sys::Virt::Admin/DESCRIPTION>).

=head1 THE CONNECTION

=over 4

=item $conn->get_uri()

The canonical URI of the connection, which may differ from the one passed to C<new>.

=item $conn->get_type()

The name of the driver behind the connection, such as C<QEMU> or C<TEST>.

=item $conn->get_hostname()

The host name of the machine the hypervisor runs on.

=item $conn->get_version()

The hypervisor's version as one number, C<major * 1000000 + minor * 1000 + micro>.

=item $conn->get_library_version()

The version of libvirt serving the connection (the daemon's, for a remote connection), in
the same encoding.

=item $conn->get_major_version(), $conn->get_minor_version(), $conn->get_micro_version()

The three parts of C<get_version>.

=item $conn->is_alive(), $conn->is_secure(), $conn->is_encrypted()

1 or 0: whether the connection still works, whether it is safe from eavesdropping (a local
socket counts as secure), and whether it is encrypted.

=item $conn->get_capabilities()

The XML document describing what the host and hypervisor can do.

=item my $info = $conn->get_node_info()

A hash reference describing the host: C<model>, C<memory> (KiB), C<cpus>, C<mhz>,
C<nodes>, C<sockets>, C<cores> and C<threads>.

=item $conn->get_max_vcpus($type)

The most virtual CPUs a guest of hypervisor type C<$type> may have. C<$type> is required
(it may be C<undef>).

=item $conn->get_node_free_memory()

Free memory on the host, in bytes.

=item my @free = $conn->get_node_cells_free_memory($start, $end)

Free memory, in bytes, of each NUMA cell from C<$start> to C<$end> inclusive.

=back

=head1 HOST AND SAVED IMAGES

=over 4

=item my $xml = $conn->get_sysinfo($flags = 0)

The host's system information (BIOS, system, processor, memory), as a C<< <sysinfo> >>
document; C<undef> where libvirt has none.

=item $conn->set_keep_alive($interval, $count)

Makes a remote connection send a keep-alive message every C<$interval> seconds and close
after C<$count> unanswered ones (an interval of 0 or less turns it off).

=item my $model = $conn->get_node_security_model()

A hash reference: C<model> (the host's security driver, such as C<selinux>) and C<doi>
(its domain of interpretation).

=item my $xml = $conn->get_domain_capabilities($emulator, $arch, $machine, $virttype, $flags = 0)

What the hypervisor offers guests of this emulator binary, architecture, machine type and
virtualization type (each C<undef> for the default), as a C<< <domainCapabilities> >>
document. C<$flags> takes the C<DOMAIN_CAPABILITIES_*> constants (L</"CPU MODELS">).

=item my $result = $conn->compare_cpu($xml, $flags = 0)

How the CPU described by C<$xml> compares with the host's: one of the C<CPU_COMPARE_*>
constants (L</"CPU MODELS">).

=item my $xml = $conn->get_save_image_xml_description($file, $flags = 0), $conn->define_save_image_xml($file, $xml, $flags = 0)

The domain XML stored in a saved image file; replaces it.

=item $conn->node_suspend_for_duration($target, $seconds, $flags = 0)

Suspends the host to memory or disk (C<NODE_SUSPEND_TARGET_*>: L</"HOST SUSPEND">) for a
while.

=item my $xml = $conn->compare_hypervisor_cpu($emulator, $arch, $machine, $virttype, $xml, $flags = 0)

Like C<compare_cpu>, but against the CPU the hypervisor can give guests of that emulator,
architecture, machine and virtualization type (each C<undef> for the default).

=item my $xml = $conn->baseline_cpu(\@xmls, $flags = 0)

The most capable CPU that every CPU described in C<@xmls> (C<< <cpu> >> documents) can
run, as a C<< <cpu> >> document. C<$flags> takes the C<BASELINE_CPU_*> constants
(L</"CPU MODELS">). Anything but an array reference dies with C<... xml is not an ARRAY
reference> (see L</"DIFFERENCES FROM THE XS Sys::Virt">).

=item my $xml = $conn->baseline_hypervisor_cpu($emulator, $arch, $machine, $virttype, \@xmls, $flags = 0)

The same, limited to what the hypervisor can give guests of that kind.

=item my @models = $conn->get_cpu_model_names($arch, $flags = 0)

The CPU model names the hypervisor knows for an architecture (such as C<x86_64>).

=item my ($ncpus, $online, $count) = $conn->get_node_cpu_map($flags = 0)

The host's CPUs: how many there are, a bit map of those online (a byte string, one bit per
CPU, lowest first), and how many are online.

=item my $stats = $conn->get_node_cpu_stats($cpu = Sys::Virt::NODE_CPU_STATS_ALL_CPUS, $flags = 0)

CPU time of one host CPU, or of all of them, in nanoseconds: C<kernel>, C<user>, C<idle>,
C<iowait> (and C<intr>, C<guest>, or C<utilization> in percent, where the host reports
them): L</"HOST STATISTICS">.

=item my $stats = $conn->get_node_memory_stats($cell = Sys::Virt::NODE_MEMORY_STATS_ALL_CELLS, $flags = 0)

Memory of one NUMA cell, or of the whole host, in KiB: C<total>, C<free>, C<buffers>,
C<cached>, C<available> (L</"HOST STATISTICS">).

=item my @cells = $conn->get_node_free_pages(\@pagesizes, $start, $end, $flags = 0)

Free pages of each size (in KiB, such as 4 and 2048) in NUMA cells C<$start> to C<$end>: one
hash reference per cell, C<< { cell => $n, pages => { $size => $count, ... } } >>.

=item $conn->node_alloc_pages(\@pages, $start, $end, $flags = 0)

Reserves huge pages in cells C<$start> to C<$end>; each element of C<@pages> is
C<[$size_kib, $count]>. C<$flags> takes C<NODE_ALLOC_PAGES_*> (L</"HOST MEMORY">).

=item my $params = $conn->get_node_memory_parameters($flags = 0), $conn->set_node_memory_parameters(\%params, $flags = 0)

The host's kernel same-page merging tunables (C<shm_pages_to_scan>,
C<shm_sleep_millisecs>, ...: the C<NODE_MEMORY_SHARED_*> constants of L</"HOST MEMORY">),
as the domain's typed parameters work (see
L<Sys::Virt::Domain/"TUNING WITH TYPED PARAMETERS">).

=item my $info = $conn->get_node_sev_info($flags = 0)

The host's AMD SEV capabilities (C<pdh>, C<cert-chain>, C<cbitpos>, ...: the C<SEV_*>
constants of L</"AMD SEV">), as a hash reference.

=item $conn->set_identity(\%identity, $flags = 0)

Tells a daemon whose identity to use for access control on this connection (for a daemon
acting on behalf of others). The hash may have the C<IDENTITY_*> names: C<user-name>,
C<unix-user-id>, C<group-name>, C<unix-group-id>, C<process-id>, C<process-time>,
C<sasl-user-name>, C<x509-distinguished-name>, C<selinux-context> (L</"CLIENT IDENTITY">);
other keys are ignored.

=item my $xml = $conn->domain_xml_from_native($format, $config, $flags = 0), my $config = $conn->domain_xml_to_native($format, $xml, $flags = 0)

Converts between domain XML and a hypervisor's own configuration format (such as
C<qemu-argv>).

=back

=head1 DOMAINS

=over 4

=item my @doms = $conn->list_all_domains($flags = 0)

All domains, as L<Sys::Virt::Domain> objects, filtered by the C<Sys::Virt::Domain::LIST_*>
constants in C<$flags> (for example C<LIST_ACTIVE>, C<LIST_PERSISTENT>,
C<LIST_HAS_CHECKPOINT>: L<Sys::Virt::Domain/"LISTING DOMAINS">). In scalar context: the
last one.

=item my @doms = $conn->list_domains()

The running domains, looked up one by one from their ids (domains that stop in between
are left out). In scalar context: how many.

=item my @doms = $conn->list_defined_domains()

The defined domains that are not running, looked up by name. In scalar context: how many.

=item $conn->num_of_domains(), $conn->num_of_defined_domains()

How many domains are running, and how many are defined but not running.

=item my @ids = $conn->list_domain_ids($max)

Up to C<$max> ids of running domains.

=item my @names = $conn->list_defined_domain_names($max)

Up to C<$max> names of defined domains that are not running.

=item $conn->get_domain_by_name($name), $conn->get_domain_by_id($id)

The domain with that name, or that id (running domains only).

=item $conn->get_domain_by_uuid($uuid)

The domain with that UUID, given as 16 raw bytes or as 32 or 36 hexadecimal characters.
Any other length dies with a message.

=item $conn->define_domain($xml, $flags = 0)

Makes a persistent domain from its XML description, without starting it.

=item $conn->create_domain($xml, $flags = 0)

Starts a transient domain from its XML description.

=item $conn->create_domain_with_files($xml, \@fds, $flags = 0)

The same, handing the new domain the open file descriptors in C<@fds>.

=item $conn->restore_domain($from, $dxml = undef, \%params = undef, $flags = 0)

Starts a domain again from the file C<$from> written by C<< $dom->save >>, optionally with
a replacement XML C<$dxml>. Given a parameter hash instead (C<file>, C<dxml>: the
C<Sys::Virt::Domain::SAVE_PARAM_*> names), the newer call is used. With neither, it dies
with C<Either $from or $params parameter must be supplied>.

=item my @records = $conn->get_all_domain_stats($stats, \@doms = undef, $flags = 0)

Statistics of many domains in one call: of those in C<@doms> (L<Sys::Virt::Domain>
objects), or without a list of all domains that the C<GET_ALL_STATS_*> bits of C<$flags>
pick (active, persistent, running, ...). C<$stats> chooses the groups, by the
C<Sys::Virt::Domain::STATS_*> bits (state, cpu, balloon, vcpu, interface, block, perf,
iothread, memory, dirtyrate; 0 for all the driver has). Each record is a hash reference
C<< { dom => $dom, data => { 'state.state' => 1, 'cpu.time' => ..., ... } } >> with
libvirt's dotted names (L<Sys::Virt::Domain/"DOMAIN STATISTICS"> lists the flags, groups
and names). A list argument that is not an array reference, or an element that is not a
domain, dies with a message saying so (see L</"DIFFERENCES FROM THE XS Sys::Virt">).

=back

=head1 NETWORKS

Networks are L<Sys::Virt::Network> objects.

=over 4

=item my @nets = $conn->list_all_networks($flags = 0)

Every network in one call. C<$flags> narrow the list: the C<LIST_*> constants of
L<Sys::Virt::Network/LISTING> (running or not, persistent or transient, started with the
host or not); 0 lists them all.

=item my @nets = $conn->list_networks(), my @nets = $conn->list_defined_networks()

The running networks, or the defined ones that are not running, looked up one by one
(C<list_all_networks> does it in one call). A network that disappears between the listing
and its lookup is left out.

=item $conn->num_of_networks(), $conn->num_of_defined_networks()

How many networks are running, or defined and not running.

=item my @names = $conn->list_network_names($max), my @names = $conn->list_defined_network_names($max)

The names of at most C<$max> running, or defined and not running, networks.

=item my $net = $conn->get_network_by_name($name)

The network called C<$name>.

=item my $net = $conn->get_network_by_uuid($uuid)

The network with this UUID, given as 16 raw bytes or in printable form (32 or 36
characters).

=item my $net = $conn->define_network($xml, $flags = 0)

Defines a persistent network from its XML description, without starting it. C<$flags> may
be C<Sys::Virt::Network::DEFINE_VALIDATE>.

=item my $net = $conn->create_network($xml, $flags = 0)

Starts a transient network from its XML description. C<$flags> may be
C<Sys::Virt::Network::CREATE_VALIDATE>.

=back

=head1 STORAGE

Storage pools are L<Sys::Virt::StoragePool> objects, their volumes
L<Sys::Virt::StorageVol> objects, and data moves to and from volumes through
L<Sys::Virt::Stream> objects.

=over 4

=item my @pools = $conn->list_all_storage_pools($flags = 0)

Every pool in one call; C<$flags> narrow the list (the C<LIST_*> constants of
L<Sys::Virt::StoragePool/LISTING>: running or not, persistent or not, by type).

=item my @pools = $conn->list_storage_pools(), my @pools = $conn->list_defined_storage_pools()

The running pools, or the defined ones that are not running, looked up one by one. A pool
that disappears meanwhile is left out.

=item $conn->num_of_storage_pools(), $conn->num_of_defined_storage_pools()

How many pools are running, or defined and not running.

=item my @names = $conn->list_storage_pool_names($max), my @names = $conn->list_defined_storage_pool_names($max)

The names of at most C<$max> running, or defined and not running, pools.

=item my $pool = $conn->get_storage_pool_by_name($name)

The pool called C<$name>.

=item my $pool = $conn->get_storage_pool_by_uuid($uuid)

The pool with this UUID, raw (16 bytes) or printable.

=item my $pool = $conn->get_storage_pool_by_volume($vol)

The pool that holds the volume C<$vol>.

=item my $pool = $conn->get_storage_pool_by_target_path($path)

The pool whose target is the directory or device C<$path>.

=item my $vol = $conn->get_storage_volume_by_path($path), my $vol = $conn->get_storage_volume_by_key($key)

The volume at C<$path>, or with the key C<$key>, in whichever pool holds it.

=item my $pool = $conn->create_storage_pool($xml)

Starts a transient pool from its XML description.

=item my $pool = $conn->define_storage_pool($xml, $flags = 0)

Defines a persistent pool without starting it; C<$flags> may be
C<Sys::Virt::StoragePool::DEFINE_VALIDATE>.

=item my $xml = $conn->find_storage_pool_sources($type, $srcspec, $flags = 0)

Asks the host which sources a pool of type C<$type> (C<logical>, C<netfs>, C<iscsi>, ...)
could use; C<$srcspec> is a C<< <source> >> document narrowing the search. The answer is a
C<< <sources> >> document.

=item my $xml = $conn->get_storage_pool_capabilities($flags = 0)

A document listing the pool types this host supports, with their formats.

=item my $st = $conn->new_stream($flags = 0)

A new L<Sys::Virt::Stream> for a volume transfer; C<$flags> may be
C<Sys::Virt::Stream::NONBLOCK>.

=back

=head1 INTERFACES

The host's network interfaces are L<Sys::Virt::Interface> objects.

=over 4

=item my @ifaces = $conn->list_all_interfaces($flags = 0)

Every interface in one call; C<$flags> narrow the list to those up or down (the C<LIST_*>
constants of L<Sys::Virt::Interface/LISTING>); 0 lists them all.

=item my @ifaces = $conn->list_interfaces(), my @ifaces = $conn->list_defined_interfaces()

The interfaces that are up, or defined and down, looked up one by one. An interface that
disappears meanwhile is left out.

=item $conn->num_of_interfaces(), $conn->num_of_defined_interfaces()

How many interfaces are up, or defined and down.

=item my @names = $conn->list_interface_names($max), my @names = $conn->list_defined_interface_names($max)

The names of at most C<$max> interfaces that are up, or defined and down.

=item my $iface = $conn->get_interface_by_name($name)

The interface called C<$name>.

=item my $iface = $conn->get_interface_by_mac($mac)

The interface with the hardware address C<$mac> (C<aa:bb:cc:dd:ee:ff>).

=item my $iface = $conn->define_interface($xml, $flags = 0)

Defines an interface from its XML description, without bringing it up. C<$flags> may be
C<Sys::Virt::Interface::DEFINE_VALIDATE>.

=item my $iface = $conn->create_interface($xml)

The same as C<define_interface> without flags, as in the XS module: libvirt has no call
that brings up an interface it has not defined.

=item $conn->interface_change_begin($flags = 0), $conn->interface_change_commit($flags = 0), $conn->interface_change_rollback($flags = 0)

A transaction over the host's interface configuration: C<begin> saves it, C<commit>
keeps the changes made since, C<rollback> restores what was saved. C<$flags> is unused and
should be 0.

=back

=head1 NODE DEVICES

The host's devices are L<Sys::Virt::NodeDevice> objects.

=over 4

=item my @devs = $conn->list_all_node_devices($flags = 0)

Every device in one call; C<$flags> narrow the list by capability or state (the C<LIST_*>
constants of L<Sys::Virt::NodeDevice/LISTING>); 0 lists them all.

=item my @devs = $conn->list_node_devices($cap = undef)

The devices with the capability named C<$cap> (C<pci>, C<net>, C<scsi_host>, ...), or all
of them for C<undef>, looked up one by one. A device that disappears meanwhile is left
out.

=item $conn->num_of_node_devices($cap, $flags = 0)

How many devices have the capability C<$cap> (C<undef> for any). C<$flags> is unused and
should be 0.

=item my @names = $conn->list_node_device_names($cap, $max, $flags = 0)

The names of at most C<$max> devices with the capability C<$cap> (C<undef> for any).
C<$flags> is unused and should be 0.

=item my $dev = $conn->get_node_device_by_name($name)

The device called C<$name>.

=item my $dev = $conn->get_node_device_scsihost_by_wwn($wwnn, $wwpn)

The SCSI host with this world wide node name and port name (a Fibre Channel host or vHBA).

=item my $dev = $conn->create_node_device($xml, $flags = 0)

Creates a virtual device (a vHBA, a mediated device) from its XML description. C<$flags>
may be C<Sys::Virt::NodeDevice::CREATE_XML_VALIDATE>.

=item my $dev = $conn->define_node_device($xml, $flags = 0)

Defines a persistent mediated device without starting it. C<$flags> may be
C<Sys::Virt::NodeDevice::DEFINE_XML_VALIDATE>.

=back

=head1 SECRETS

Secrets are L<Sys::Virt::Secret> objects.

=over 4

=item my @secrets = $conn->list_all_secrets($flags = 0)

Every secret in one call; C<$flags> narrow the list (the C<LIST_*> constants of
L<Sys::Virt::Secret/LISTING>: ephemeral or not, private or not); 0 lists them all.

=item my @secrets = $conn->list_secrets()

Every secret, looked up one by one by UUID. A secret that disappears meanwhile is left
out.

=item $conn->num_of_secrets()

How many secrets there are.

=item my @uuids = $conn->list_secret_uuids($max)

The printable UUIDs of at most C<$max> secrets.

=item my $sec = $conn->get_secret_by_uuid($uuid)

The secret with this UUID, raw (16 bytes) or printable (32 or 36 characters).

=item my $sec = $conn->get_secret_by_usage($type, $id)

The secret used for C<$id> (a volume's path, a Ceph user's name, ...), C<$type> being one
of the C<USAGE_TYPE_*> constants of L<Sys::Virt::Secret>.

=item my $sec = $conn->define_secret($xml, $flags = 0)

Defines a secret from its XML description (or changes the one with the same UUID); its
value is set apart, with L<Sys::Virt::Secret/set_value>. C<$flags> may be
C<Sys::Virt::Secret::DEFINE_VALIDATE>.

=back

=head1 NETWORK FILTERS

Filters are L<Sys::Virt::NWFilter> objects, their uses on port devices
L<Sys::Virt::NWFilterBinding> objects.

=over 4

=item my @filters = $conn->list_all_nwfilters($flags = 0)

Every filter in one call. C<$flags> is unused and should be 0.

=item my @filters = $conn->list_nwfilters()

Every filter, looked up one by one. A filter that disappears meanwhile is left out.

=item $conn->num_of_nwfilters()

How many filters there are.

=item my @names = $conn->list_nwfilter_names($max)

The names of at most C<$max> filters.

=item my $filter = $conn->get_nwfilter_by_name($name)

The filter called C<$name>.

=item my $filter = $conn->get_nwfilter_by_uuid($uuid)

The filter with this UUID, raw (16 bytes) or printable.

=item my $filter = $conn->define_nwfilter($xml, $flags = 0)

Defines a filter from its C<< <filter> >> document (or changes the one of the same name).
C<$flags> may be C<Sys::Virt::NWFilter::DEFINE_VALIDATE>.

=item my @bindings = $conn->list_all_nwfilter_bindings($flags = 0)

Every binding of a filter to a port device. C<$flags> is unused and should be 0.

=item my $binding = $conn->get_nwfilter_binding_by_port_dev($portdev)

The binding of the port device called C<$portdev>.

=item my $binding = $conn->create_nwfilter_binding($xml, $flags = 0)

Applies a filter to a port device, from a C<< <filterbinding> >> document. C<$flags> may be
C<Sys::Virt::NWFilterBinding::CREATE_VALIDATE>.

=back

=head1 QEMU

From libvirt's QEMU library (C<libvirt-qemu.so.0>), loaded when the module starts without
being linked: where it is missing, these die with a L<Sys::Virt::Error> of code 3 (not
supported) naming the function and the library. The QEMU calls of a domain are in
L<Sys::Virt::Domain/"QEMU AND LXC">.

=over 4

=item $id = $conn->qemu_monitor_event_register($dom, $event, $callback, $flags = 0)

Calls C<$callback> for each QMP event (C<STOP>, C<RESUME>, C<SHUTDOWN>, ...) the QEMU
monitor of the domain C<$dom> (or of every domain, for undef) sends whose name is
C<$event> (or every event, for undef). With C<$flags> C<QEMU_MONITOR_EVENT_REGISTER_REGEX>
C<$event> is a regular expression, and with C<QEMU_MONITOR_EVENT_REGISTER_NOCASE> it
ignores case. The callback gets the connection, the L<Sys::Virt::Domain>, the event's
name, its time as seconds and microseconds, and its details (the event's C<data> in JSON,
or undef). Returns the registration's ID. Like the other events it needs an event loop (see
L</EVENTS>).

=item $conn->qemu_monitor_event_deregister($id)

Ends the registration C<$id>; an unknown ID dies with libvirt's error.

=item my $dom = $conn->qemu_attach($pid, $flags = 0)

Was: makes libvirt manage the QEMU process C<$pid> started outside it. libvirt removed
this from its QEMU driver in 5.5.0: every libvirt this module supports answers "not
supported".

=back

=head1 EVENTS

Events need an event loop, registered before the connection is opened and run by the
program: see L<Sys::Virt::Event> (C<register_default> and C<run_default>, or a loop written
in Perl). Callbacks run inside the loop's calls; a callback that dies has its error raised
by the loop call once libvirt has returned, after the other queued events were delivered.
A callback may deregister itself, register others or close the connection. Each
registration keeps the connection object alive until it is deregistered.

=over 4

=item $id = $conn->domain_event_register_any($dom, $eventID, $callback)

Calls C<$callback> for each event C<$eventID> (a C<Sys::Virt::Domain::EVENT_ID_*>
constant) of the domain C<$dom>, or of every domain when C<$dom> is undef. Returns the
registration's ID, for C<domain_event_deregister_any>. The callback gets the connection
object and a L<Sys::Virt::Domain> object for the domain, then, by event:

  EVENT_ID_LIFECYCLE             $event, $detail
  EVENT_ID_REBOOT                (nothing more)
  EVENT_ID_RTC_CHANGE            $utcoffset (seconds)
  EVENT_ID_WATCHDOG              $action
  EVENT_ID_IO_ERROR              $srcPath, $devAlias, $action
  EVENT_ID_IO_ERROR_REASON       $srcPath, $devAlias, $action, $reason
  EVENT_ID_GRAPHICS              $phase, \%local, \%remote, $authScheme, \@identities
  EVENT_ID_CONTROL_ERROR         (nothing more)
  EVENT_ID_BLOCK_JOB             $path, $type, $status
  EVENT_ID_BLOCK_JOB_2           $disk, $type, $status
  EVENT_ID_DISK_CHANGE           $oldSrcPath, $newSrcPath, $devAlias, $reason
  EVENT_ID_TRAY_CHANGE           $devAlias, $reason
  EVENT_ID_PMWAKEUP              $reason
  EVENT_ID_PMSUSPEND             $reason
  EVENT_ID_PMSUSPEND_DISK        $reason
  EVENT_ID_BALLOON_CHANGE        $actual (KiB)
  EVENT_ID_DEVICE_ADDED          $devAlias
  EVENT_ID_DEVICE_REMOVED        $devAlias
  EVENT_ID_DEVICE_REMOVAL_FAILED $devAlias
  EVENT_ID_TUNABLE               \%params
  EVENT_ID_AGENT_LIFECYCLE       $state, $reason
  EVENT_ID_MIGRATION_ITERATION   $iteration
  EVENT_ID_JOB_COMPLETED         \%params
  EVENT_ID_METADATA_CHANGE       $type, $nsuri
  EVENT_ID_BLOCK_THRESHOLD       $dev, $path, $threshold, $excess
  EVENT_ID_MEMORY_FAILURE        $recipient, $action, $flags
  EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE  $alias, $size
  EVENT_ID_NIC_MAC_CHANGE        $alias, $oldMAC, $newMAC
  EVENT_ID_VCPU_REMOVED          $vcpuid
  EVENT_ID_CHANNEL_LIFECYCLE     $channel_name, $state, $reason

L<Sys::Virt::Domain/EVENTS> says what each event means and which constants its arguments
take. The graphics addresses are hashes with C<family>, C<node> and C<service>; each
identity is a hash with C<type> and C<name>. C<EVENT_ID_CHANNEL_LIFECYCLE> gets libvirt's
arguments, unlike with the XS module (see L</"DIFFERENCES FROM THE XS Sys::Virt">).
Parameter hashes are typed parameters, as C<get_scheduler_parameters> returns them. A
string libvirt leaves out is undef.

=item $conn->domain_event_deregister_any($id)

Ends the registration C<$id>. An unknown ID is ignored.

=item $conn->domain_event_register($callback)

The older form: lifecycle events of every domain, one registration per connection. The
callback gets the connection, the domain, C<$event> and C<$detail>.

=item $conn->domain_event_deregister()

Ends the registration made by C<domain_event_register>.

=item $id = $conn->network_event_register_any($net, $eventID, $callback)

=item $id = $conn->storage_pool_event_register_any($pool, $eventID, $callback)

=item $id = $conn->node_device_event_register_any($dev, $eventID, $callback)

=item $id = $conn->secret_event_register_any($secret, $eventID, $callback)

As C<domain_event_register_any>, for networks, storage pools, host devices and secrets
(C<$eventID> from the class's C<EVENT_ID_*> constants; undef instead of the object for all
of them). The callback gets the connection and the object; for C<EVENT_ID_LIFECYCLE> then
C<$event> and C<$detail>; for a network's C<EVENT_ID_METADATA_CHANGE>, C<$type> and
C<$nsuri> (C<undef> for the title and the description); for the other IDs (a pool's
C<EVENT_ID_REFRESH>, a device's C<EVENT_ID_UPDATE>, a secret's C<EVENT_ID_VALUE_CHANGED>)
nothing more. The C<EVENTS> section of each class lists its IDs and values:
L<Sys::Virt::Network/EVENTS>, L<Sys::Virt::StoragePool/EVENTS>,
L<Sys::Virt::NodeDevice/EVENTS>, L<Sys::Virt::Secret/EVENTS>.

=item $conn->network_event_deregister_any($id)

=item $conn->storage_pool_event_deregister_any($id)

=item $conn->node_device_event_deregister_any($id)

=item $conn->secret_event_deregister_any($id)

End a registration of the matching C<*_register_any>. An unknown ID is ignored.

=item $conn->register_close_callback($callback)

Calls C<$callback> with the connection and a C<Sys::Virt::CLOSE_REASON_*> constant
(L</"CLOSE REASONS">) when the connection to a daemon is lost (the daemon exited, a
keep-alive timed out, an I/O error) or closed. Only remote connections (a daemon's socket,
C<qemu:///system> included) ever call it; libvirt allows one per connection. The
in-process drivers (C<test:///...>) accept the registration but never call it, and never
free it: its code stays alive until the program exits.

=item $conn->unregister_close_callback()

Removes the close callback.

=back

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::CRED_PASSPHRASE>; names and values
are those of the XS module. The groups below follow the methods that take or return them.

=head2 CREDENTIALS

The kinds of credential in C<credlist> and in the C<type> of each request the C<callback>
of C<new> gets.

=over 4

=item Sys::Virt::CRED_USERNAME

The name of the user to act as.

=item Sys::Virt::CRED_AUTHNAME

The name to authenticate as (which may differ from the one acted as).

=item Sys::Virt::CRED_LANGUAGE

The languages the client prefers (RFC 1766 codes, separated by commas).

=item Sys::Virt::CRED_CNONCE

A nonce the client makes up.

=item Sys::Virt::CRED_PASSPHRASE

A password or passphrase.

=item Sys::Virt::CRED_ECHOPROMPT

The answer to a challenge, which may be shown as it is typed.

=item Sys::Virt::CRED_NOECHOPROMPT

The answer to a challenge, which must not be shown.

=item Sys::Virt::CRED_REALM

The realm to authenticate in.

=item Sys::Virt::CRED_EXTERNAL

A credential managed outside libvirt.

=back

=head2 CONNECTION FLAGS

For C<flags> of C<new>.

=over 4

=item Sys::Virt::CONNECT_RO

Open a read-only connection (as C<< readonly => 1 >> does).

=item Sys::Virt::CONNECT_NO_ALIASES

Take the URI as it is, without looking it up among the aliases of libvirt's client
configuration.

=back

=head2 QEMU MONITOR EVENTS

For C<flags> of C<qemu_monitor_event_register> (L</QEMU>), from libvirt-qemu.h.

=over 4

=item Sys::Virt::QEMU_MONITOR_EVENT_REGISTER_REGEX

The event name is a regular expression (POSIX extended), matched against each event's
name.

=item Sys::Virt::QEMU_MONITOR_EVENT_REGISTER_NOCASE

The event name (or expression) ignores case.

=back

=head2 CLOSE REASONS

The reason a close callback (C<register_close_callback>) gets.

=over 4

=item Sys::Virt::CLOSE_REASON_ERROR

An I/O error.

=item Sys::Virt::CLOSE_REASON_EOF

The server closed the connection.

=item Sys::Virt::CLOSE_REASON_KEEPALIVE

The server stopped answering keep-alive messages (C<set_keep_alive>).

=item Sys::Virt::CLOSE_REASON_CLIENT

The client closed the connection.

=back

=head2 CLIENT IDENTITY

The keys of the hash of C<set_identity>.

=over 4

=item Sys::Virt::IDENTITY_USER_NAME

C<user-name>: the operating system user's name.

=item Sys::Virt::IDENTITY_UNIX_USER_ID

C<unix-user-id>: the UNIX user ID.

=item Sys::Virt::IDENTITY_GROUP_NAME

C<group-name>: the operating system group's name.

=item Sys::Virt::IDENTITY_UNIX_GROUP_ID

C<unix-group-id>: the UNIX group ID.

=item Sys::Virt::IDENTITY_PROCESS_ID

C<process-id>: the process ID.

=item Sys::Virt::IDENTITY_PROCESS_TIME

C<process-time>: when the process started, in the host's own unit (on Linux, clock ticks
since boot), so that a reused process ID is told apart.

=item Sys::Virt::IDENTITY_SASL_USER_NAME

C<sasl-user-name>: the user name SASL authenticated.

=item Sys::Virt::IDENTITY_X509_DISTINGUISHED_NAME

C<x509-distinguished-name>: the distinguished name of the client's X.509 certificate.

=item Sys::Virt::IDENTITY_SELINUX_CONTEXT

C<selinux-context>: the SELinux context of the client.

=back

=head2 CPU MODELS

C<CPU_COMPARE_*> are the results of C<compare_cpu> and C<compare_hypervisor_cpu>, and
C<COMPARE_CPU_*> their flags. C<BASELINE_CPU_*> are flags of C<baseline_cpu> and
C<baseline_hypervisor_cpu>; C<DOMAIN_CAPABILITIES_*> are flags of
C<get_domain_capabilities>.

=over 4

=item Sys::Virt::CPU_COMPARE_INCOMPATIBLE

The host cannot give a guest this CPU.

=item Sys::Virt::CPU_COMPARE_IDENTICAL

The CPUs are the same.

=item Sys::Virt::CPU_COMPARE_SUPERSET

The host's CPU has all this CPU has, and more.

=item Sys::Virt::COMPARE_CPU_FAIL_INCOMPATIBLE

Die with C<Sys::Virt::Error::ERR_CPU_INCOMPATIBLE> instead of returning
C<CPU_COMPARE_INCOMPATIBLE>.

=item Sys::Virt::COMPARE_CPU_VALIDATE_XML

Check the XML against libvirt's schema first.

=item Sys::Virt::BASELINE_CPU_EXPAND_FEATURES

List every feature of the result, including those its model implies.

=item Sys::Virt::BASELINE_CPU_MIGRATABLE

Leave out features that would stop a guest from migrating.

=item Sys::Virt::BASELINE_CPU_IGNORE_HOST

Compute the baseline of the CPUs given only, whatever the host's CPU.

=item Sys::Virt::DOMAIN_CAPABILITIES_DISABLE_DEPRECATED_FEATURES

Describe the host CPU model with its deprecated features turned off.

=item Sys::Virt::DOMAIN_CAPABILITIES_EXPAND_CPU_FEATURES

List every feature of the host CPU model.

=item Sys::Virt::DOMAIN_CAPABILITIES_SUPPORTED_CPU_FEATURES

List every CPU feature the host supports, also those the host CPU model would not turn on.

=back

=head2 HOST STATISTICS

C<NODE_CPU_STATS_*> are the keys of C<get_node_cpu_stats>, and C<NODE_MEMORY_STATS_*>
those of C<get_node_memory_stats>; C<NODE_CPU_STATS_ALL_CPUS> and
C<NODE_MEMORY_STATS_ALL_CELLS> are the default first arguments of those two methods.

=over 4

=item Sys::Virt::NODE_CPU_STATS_ALL_CPUS

Stands for all CPUs together (libvirt's -1).

=item Sys::Virt::NODE_CPU_STATS_KERNEL

C<kernel>: CPU time spent in the kernel since boot, in nanoseconds.

=item Sys::Virt::NODE_CPU_STATS_USER

C<user>: CPU time spent in user processes since boot, in nanoseconds.

=item Sys::Virt::NODE_CPU_STATS_IDLE

C<idle>: CPU time spent idle since boot, in nanoseconds.

=item Sys::Virt::NODE_CPU_STATS_IOWAIT

C<iowait>: CPU time spent waiting for I/O since boot, in nanoseconds.

=item Sys::Virt::NODE_CPU_STATS_INTR

C<intr>: CPU time spent on interrupts since boot, in nanoseconds.

=item Sys::Virt::NODE_CPU_STATS_GUEST

C<guest>: CPU time spent running guests' virtual CPUs since boot, in nanoseconds.

=item Sys::Virt::NODE_CPU_STATS_UTILIZATION

C<utilization>: how busy the CPUs are, in percent (100 is all of them).

=item Sys::Virt::NODE_MEMORY_STATS_ALL_CELLS

Stands for the whole host rather than one NUMA cell (libvirt's -1).

=item Sys::Virt::NODE_MEMORY_STATS_TOTAL

C<total>: the memory in all, in KiB.

=item Sys::Virt::NODE_MEMORY_STATS_FREE

C<free>: the free memory, in KiB (for the whole host on Linux, buffers and cache
included).

=item Sys::Virt::NODE_MEMORY_STATS_AVAILABLE

C<available>: the memory available to new programs, in KiB (whole host only).

=item Sys::Virt::NODE_MEMORY_STATS_BUFFERS

C<buffers>: the memory in buffers, in KiB (whole host only).

=item Sys::Virt::NODE_MEMORY_STATS_CACHED

C<cached>: the memory in the page cache, in KiB (whole host only).

=back

=head2 HOST MEMORY

C<NODE_MEMORY_SHARED_*> are the keys of C<get_node_memory_parameters> and
C<set_node_memory_parameters>: the Linux kernel's same-page merging (KSM). The
C<NODE_ALLOC_PAGES_*> values are flags of C<node_alloc_pages>.

=over 4

=item Sys::Virt::NODE_MEMORY_SHARED_PAGES_TO_SCAN

C<shm_pages_to_scan>: how many pages to scan before sleeping.

=item Sys::Virt::NODE_MEMORY_SHARED_SLEEP_MILLISECS

C<shm_sleep_millisecs>: how many milliseconds to sleep between scans.

=item Sys::Virt::NODE_MEMORY_SHARED_PAGES_SHARED

C<shm_pages_shared>: how many shared pages are in use (read only).

=item Sys::Virt::NODE_MEMORY_SHARED_PAGES_SHARING

C<shm_pages_sharing>: how many more places use those pages: a measure of the memory saved
(read only).

=item Sys::Virt::NODE_MEMORY_SHARED_PAGES_UNSHARED

C<shm_pages_unshared>: how many pages are unique but checked again and again for merging
(read only).

=item Sys::Virt::NODE_MEMORY_SHARED_PAGES_VOLATILE

C<shm_pages_volatile>: how many pages change too fast to be merged (read only).

=item Sys::Virt::NODE_MEMORY_SHARED_FULL_SCANS

C<shm_full_scans>: how many times all mergeable memory was scanned (read only).

=item Sys::Virt::NODE_MEMORY_SHARED_MERGE_ACROSS_NODES

C<shm_merge_across_nodes>: whether pages of different NUMA nodes may be merged.

=item Sys::Virt::NODE_ALLOC_PAGES_ADD

Add the pages given to those reserved.

=item Sys::Virt::NODE_ALLOC_PAGES_SET

Make the reserve exactly the pages given (which can free some).

=back

=head2 HOST SUSPEND

The C<$target> of C<node_suspend_for_duration> and of
L<Sys::Virt::Domain/pm_suspend_for_duration>.

=over 4

=item Sys::Virt::NODE_SUSPEND_TARGET_MEM

Suspend to memory.

=item Sys::Virt::NODE_SUSPEND_TARGET_DISK

Suspend to disk (hibernate).

=item Sys::Virt::NODE_SUSPEND_TARGET_HYBRID

Both: write memory to disk and suspend to memory.

=back

=head2 AMD SEV

The keys of C<get_node_sev_info>.

=over 4

=item Sys::Virt::SEV_PDH

C<pdh>: the platform's Diffie-Hellman key, base64.

=item Sys::Virt::SEV_CERT_CHAIN

C<cert-chain>: the platform's certificate chain, base64.

=item Sys::Virt::SEV_CPU0_ID

C<cpu0-id>: the unique ID of the first CPU socket, to fetch its key certificate from AMD,
base64.

=item Sys::Virt::SEV_CBITPOS

C<cbitpos>: the position of the encryption bit in page table entries.

=item Sys::Virt::SEV_REDUCED_PHYS_BITS

C<reduced-phys-bits>: how many bits of physical address an SEV guest loses.

=item Sys::Virt::SEV_MAX_GUESTS

C<max-guests>: how many SEV guests the host can run at once.

=item Sys::Virt::SEV_MAX_ES_GUESTS

C<max-es-guests>: how many SEV-ES guests the host can run at once.

=back

=head2 IP ADDRESSES

The C<type> of an address from L<Sys::Virt::Domain/get_interface_addresses> and of a lease
from L<Sys::Virt::Network/get_dhcp_leases>.

=over 4

=item Sys::Virt::IP_ADDR_TYPE_IPV4

An IPv4 address.

=item Sys::Virt::IP_ADDR_TYPE_IPV6

An IPv6 address.

=back

=head1 LIBVIRT VERSIONS

C<$Sys::Virt::VERSION> is the version of the XS module's API that this one implements,
12.7.0. It is not the version of libvirt it needs: it builds against, and runs with, any
libvirt from 9.0.0 on.

The libvirt functions that are newer than 9.0 are looked up in the loaded libvirt when
the module starts, so the module loads and works with an older libvirt too. A method
whose libvirt function the running libvirt lacks dies with a L<Sys::Virt::Error> whose
C<code> is C<Sys::Virt::Error::ERR_NO_SUPPORT> and whose message names the function and
the libvirt release that added it. These are the methods, with the libvirt they need:

=over 4

=item libvirt 9.7.0

L<Sys::Virt::Network/get_metadata>, L<Sys::Virt::Network/set_metadata> (the network event
C<EVENT_ID_METADATA_CHANGE> that reports their changes needs libvirt 9.8.0)

=item libvirt 10.1.0

L<Sys::Virt::NodeDevice/update>

=item libvirt 10.2.0

L<Sys::Virt::Domain/graphics_reload>

=item libvirt 11.2.0

L<Sys::Virt::Domain/get_autostart_once>, L<Sys::Virt::Domain/set_autostart_once>,
L<Sys::Virt::Domain/set_throttle_group>, L<Sys::Virt::Domain/del_throttle_group>

=item libvirt 12.5.0

L<Sys::Virt::Domain/announce_interface>

=back

Every constant exists whatever the libvirt: constants are plain values. Passing one that
the running libvirt does not know (an event ID, a flag) gets libvirt's own error, as with
the XS module built against an older libvirt.

=head1 REQUIREMENTS

Besides Perl 5.16 or later, building needs what CPAN prerequisites cannot express: libvirt
9.0 or later with its development files (Debian: C<libvirt-dev>), libxml2's development
files (C<libxml2-dev>), C<pkg-config>, a C compiler and a Rust toolchain with C<cargo>.
C<perl Makefile.PL> checks for each and says what is missing.

=head1 COVERAGE

This distribution implements every class, method and constant of the XS module's 12.7.0
API: the connection's methods above and the sixteen classes of the XS module listed under
L</"SEE ALSO">, with every event, close and credential callback. The test
C<t/03-api-coverage.t> checks this against the XS module's symbol tables.

Beyond the XS module, it binds the three libraries beside libvirt, which it loads when it
starts (and does without where they are missing): libvirt-qemu (L</QEMU>, and
L<Sys::Virt::Domain/"QEMU AND LXC">), libvirt-lxc (the same section) and libvirt-admin
(L<Sys::Virt::Admin>, L<Sys::Virt::Admin::Server>, L<Sys::Virt::Admin::Client>). The same
test checks that every function of their API descriptions is bound or listed as left out.

=head1 DIFFERENCES FROM THE XS Sys::Virt

Where this module behaves otherwise than the XS module, it does so on purpose, and it is
said here, once; the descriptions of the methods concerned link here. Everything else
(names, arguments, return values, warnings, errors) is meant to be the same.

=head2 Mistakes that crash the XS module

=over 4

=item *

An object of the wrong class passed where a handle is expected (a domain where a
checkpoint is wanted, a pool where a volume is, or any blessed scalar this module did not
create) makes the call C<die> with a message naming the argument. The XS module takes the
number inside it as a pointer, which can crash perl. The same holds for every class.

=item *

A raw UUID shorter than 16 bytes (given to a C<get_*_by_uuid> method) dies instead of
being read past its end.

=item *

An argument that must be an array or hash reference and is not one dies with a message
naming it, where the XS module uses it unchecked and crashes: the list of
L<Sys::Virt::Domain/fs_freeze> and L<Sys::Virt::Domain/fs_thaw>, the keys of
L<Sys::Virt::Domain/authorized_ssh_keys_set>, a defined C<\%params> of
L<Sys::Virt::Domain/save>, C<migrate_disks> in a migration hash, the list of
C<baseline_cpu>, and the list of C<get_all_domain_stats> (and any of its elements that is
not a domain).

=item *

C<list_domain_ids>, C<list_network_names>, C<list_defined_network_names> and
C<get_node_cells_free_memory> with a negative count get libvirt's error, and C<destroy> or
C<DESTROY> of a domain, a network, a storage pool, an interface or a node device called on
a non-object dies (or, for C<DESTROY>, does nothing); the XS module crashes.

=item *

L<Sys::Virt::Domain/block_peek> and L<Sys::Virt::Domain/memory_peek> refuse a size above 1
GiB with a message. The XS module tries to allocate it, and a huge one ends the program
with "Out of memory!".

=item *

A Perl event loop's helpers (L<Sys::Virt::EventImpl/"HELPER METHODS">) refuse references
that libvirt did not give, and C<_free_callback_opaque> frees libvirt's data at most once.
The XS module calls whatever address they hold.

=item *

C<EVENT_ID_CHANNEL_LIFECYCLE> callbacks (L<Sys::Virt::Domain/EVENTS>) get libvirt's
arguments: the connection, the domain, C<$channel_name>, C<$state> and C<$reason>. The XS
module 12.7.0 registers a callback of the wrong shape for this event, and the process
crashes when the event fires.

=back

=head2 Strings

=over 4

=item *

A string argument containing a NUL byte (a name, UUID, MAC address, path, key, WWN, driver
name, usage identifier, port device, XML document, or a string typed parameter) makes the
call C<die> with a message naming the argument. The XS module silently cuts such a string
at the NUL, so libvirt would see a different name or document. Byte strings are the
exception: a secret's value (L<Sys::Virt::Secret/set_value>) and the data of a stream are
passed whole, NUL bytes included.

=item *

L<Sys::Virt::Stream/send_all> sends exactly the bytes the handler gave, NUL bytes
included; the XS module stops at the first NUL (and reads past the end of a short string).
L<Sys::Virt::Stream/recv> leaves C<$data> a byte string; the XS module keeps a UTF-8 flag
C<$data> had before, which makes Perl read the bytes as characters. C<recv> asks libvirt
for 64 MiB at most per call (libvirt gives at most 256 KiB anyway).

=back

=head2 Results

=over 4

=item *

C<< Sys::Virt::Error->level >> returns the error's level. The XS module returns the error
code from it, by mistake.

=item *

Typed parameters of type unsigned int that are 2**31 or more (such as those of
L<Sys::Virt::NetworkPort/get_parameters>) come back as their value; the XS module returns
them as negative numbers.

=item *

L<Sys::Virt::Domain/get_cpu_stats> returns one record per CPU asked for. The XS module
returns as many records as there are statistics per CPU, which for the totals means a
second record of garbage.

=item *

L<Sys::Virt::Domain/migrate_to_uri2> migrates. The XS module calls a method that does not
exist, so it always dies.

=item *

L<Sys::Virt::DomainSnapshot/list_child_snapshots> returns the children. The XS module
passes the snapshot where its name lookup wants the domain, so every lookup fails and it
always returns an empty list.

=back

=head2 Callbacks

=over 4

=item *

A callback that dies (an event, close, stream or event-loop callback, or a handler of a
stream's C<*_all> method) does not unwind through libvirt's code: its error is raised once
libvirt has returned, by the call that ran it (see
L<Sys::Virt::Event/"CALLBACKS, ERRORS AND THREADS">). With the XS module the C<die>
unwinds through libvirt's dispatch, which loses the events queued behind it; here they are
all delivered first.

=back

=head2 Memory, lifetimes, threads

=over 4

=item *

A secret's value (L<Sys::Virt::Secret/get_value> and L<Sys::Virt::Secret/set_value>) is
zeroed in the memory this module allocated for it once Perl or libvirt has it; the XS
module leaves the buffer libvirt returned it in as it is.

=item *

Arguments whose conversion runs Perl code (tied values, overloaded objects, a C<__WARN__>
handler) cannot free what the call is using: every object a call reads stays alive until
libvirt has returned, and every string it reads stays as it was, even if that code drops
the last reference to the object or changes the string. With the XS module such code can
free the object under the call. A conversion that dies leaks nothing. Parameter hashes
(C<set_scheduler_parameters>, L<Sys::Virt::NetworkPort/set_parameters>) are read as the XS
module reads them: C<exists> first, and only the parameters libvirt reports.

=item *

Perl threads: each thread's copy of an object holds its own libvirt reference, so a thread
that ends does not free the objects of the thread that created it (with the XS module, it
does). A process made by C<fork> does not release the handles it inherited. See
L</THREADS>.

=item *

L<Sys::Virt::Domain/get_vcpu_info> frees the hashes it returns when Perl is done with
them; the XS module never frees them (about 0.9 KiB a call for a guest with two virtual
CPUs), which also makes each of its calls a little cheaper.

=item *

Objects give their libvirt reference back when Perl frees them even if C<DESTROY> is not
reached (a subclass's own C<DESTROY> that does not call its parent's); see
L</"OBJECTS AND THEIR HANDLES">.

=back

=head1 OBJECTS AND THEIR HANDLES

Every object of this distribution (a connection, a domain, a stream, any other) holds one
libvirt reference on its handle, and gives it back when Perl frees the object, whether or
not C<DESTROY> runs: a subclass whose own C<DESTROY> does not call the parent's does not
leak. C<DESTROY> can still be called by hand; it releases the handle at once and leaves 0
in the object, whose later calls then fail with libvirt's "invalid pointer" error. An
object keeps what it needs alive: a checkpoint works after its domain and connection
objects are gone.

=head1 THREADS

Objects may exist when a new Perl thread starts. The new thread gets copies that work and
take their own reference on the libvirt handle; each copy is released by the thread that
holds it. libvirt connections may be used from several threads at once.

After C<fork>, the child's copies work too, and the child never releases the handles it
inherited: its exit (or its freeing of those objects) leaves the parent's objects and, for a
remote daemon, the parent's session intact. With the XS module, a child's exit closes the
session the parent shares with the daemon. Parent and child still share the socket of a
remote connection: use it from one process at a time, or open a new connection in the
child.

libvirt's in-process drivers, such as C<test:///default>, check XML with libxml2 in the
calling thread. libxml2 2.9, Debian 12's, builds its
tables of datatypes on first use without a lock, so two threads validating their first
document at the same moment could fail with "Unable to parse RNG ... is not exported by
type library". This module builds those tables when it loads, before any thread can call
libvirt.

=head1 SEE ALSO

L<Sys::Virt::Domain>, L<Sys::Virt::DomainSnapshot>, L<Sys::Virt::DomainCheckpoint>,
L<Sys::Virt::Network>, L<Sys::Virt::NetworkPort>, L<Sys::Virt::StoragePool>,
L<Sys::Virt::StorageVol>, L<Sys::Virt::Stream>, L<Sys::Virt::Interface>,
L<Sys::Virt::NodeDevice>, L<Sys::Virt::Secret>, L<Sys::Virt::NWFilter>,
L<Sys::Virt::NWFilterBinding>, L<Sys::Virt::Event>, L<Sys::Virt::EventImpl>,
L<Sys::Virt::Error>; L<Sys::Virt::Async> for calls that don't block;
L<https://libvirt.org/>, L<https://libvirt.org/html/index.html>

=head1 LICENSE

This program is free software; you can redistribute it and/or modify it under the terms
of either the GNU General Public License as published by the Free Software Foundation
(either version 2 of the License, or at your option any later version), or the Artistic
License, as Perl itself: the terms of the XS Sys::Virt (SPDX:
C<GPL-2.0-or-later OR Artistic-1.0-Perl>). The file F<LICENSE> holds both texts.

=cut
