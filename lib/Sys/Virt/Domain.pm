package Sys::Virt::Domain;

use strict;
use warnings;

# Construction, as the XS module does it: the first of name, id, uuid, xml that is given
# decides how the domain is found or made; the result is blessed into the calling class.
sub _new {
    my ($proto, %params) = @_;
    my $class = ref($proto) || $proto;
    die "connection parameter is required" unless exists $params{connection};
    my $con = $params{connection};
    my $self;
    if (exists $params{name}) {
        $self = Sys::Virt::Domain::_lookup_by_name($con, $params{name});
    } elsif (exists $params{id}) {
        $self = Sys::Virt::Domain::_lookup_by_id($con, $params{id});
    } elsif (exists $params{uuid}) {
        # length() is taken each time (no temporary), so that an undefined uuid warns
        # under its own name, as with the XS module.
        if (length($params{uuid}) == 16) {
            $self = Sys::Virt::Domain::_lookup_by_uuid($con, $params{uuid});
        } elsif (length($params{uuid}) == 32 || length($params{uuid}) == 36) {
            $self = Sys::Virt::Domain::_lookup_by_uuid_string($con, $params{uuid});
        } else {
            die "UUID must be either 16 unsigned bytes, or 32/36 hex characters long";
        }
    } elsif (exists $params{xml}) {
        if ($params{nocreate}) {
            $self = Sys::Virt::Domain::_define_xml($con, $params{xml}, $params{flags});
        } else {
            $self = exists $params{fds}
              ? Sys::Virt::Domain::_create_with_files($con, $params{xml}, $params{fds},
                                                      $params{flags})
              : Sys::Virt::Domain::_create($con, $params{xml}, $params{flags});
        }
    } else {
        die "address, id or uuid parameters are required";
    }
    return bless $self, $class;
}

# The checkpoint constructors go through Sys::Virt::DomainCheckpoint->_new, as in the XS
# module, so their warnings and failures come from there (and a wrapped _new is honoured).
# Migration. migrate and migrate_to_uri take either a parameter hash and flags, or the
# older list (flags, new name, URI, bandwidth), which becomes such a hash; migrate2 and
# migrate_to_uri2 take the destination XML first. All of it goes to libvirt's
# virDomainMigrate3 / virDomainMigrateToURI3, as in the XS module.
sub _migrate_params {
    my ($dxml, $dname, $uri, $bandwidth) = @_;
    my %params;
    $params{&Sys::Virt::Domain::MIGRATE_PARAM_DEST_XML} = $dxml if defined $dxml;
    $params{&Sys::Virt::Domain::MIGRATE_PARAM_DEST_NAME} = $dname if defined $dname;
    $params{&Sys::Virt::Domain::MIGRATE_PARAM_URI} = $uri if defined $uri;
    $params{&Sys::Virt::Domain::MIGRATE_PARAM_BANDWIDTH} = $bandwidth if defined $bandwidth;
    return \%params;
}

sub migrate {
    my $dom = shift;
    my $destcon = shift;
    if (ref $_[0] && ref $_[0] eq "HASH") {
        my ($params, $flags) = @_;
        return $dom->_migrate($destcon, $params, $flags);
    }
    my ($flags, $dname, $uri, $bandwidth) = @_;
    return $dom->_migrate($destcon, _migrate_params(undef, $dname, $uri, $bandwidth), $flags);
}

sub migrate2 {
    my $dom = shift;
    my ($destcon, $dxml, $flags, $dname, $uri, $bandwidth) = @_;
    return $dom->_migrate($destcon, _migrate_params($dxml, $dname, $uri, $bandwidth), $flags);
}

sub migrate_to_uri {
    my $dom = shift;
    my $desturi = shift;
    if (ref $_[0] && ref $_[0] eq "HASH") {
        my ($params, $flags) = @_;
        return $dom->_migrate_to_uri($desturi, $params, $flags);
    }
    my ($flags, $dname, $uri, $bandwidth) = @_;
    return $dom->_migrate_to_uri($desturi, _migrate_params(undef, $dname, $uri, $bandwidth),
                                 $flags);
}

# The XS module's migrate_to_uri2 calls a method that does not exist (_migrate_to_uri2),
# so it always dies; here it migrates, as its documentation says.
sub migrate_to_uri2 {
    my $dom = shift;
    my ($desturi, $dxml, $flags, $dname, $uri, $bandwidth) = @_;
    return $dom->_migrate_to_uri($desturi, _migrate_params($dxml, $dname, $uri, $bandwidth),
                                 $flags);
}

sub create_checkpoint {
    my $self = shift;
    my ($xml, $flags) = @_;
    return Sys::Virt::DomainCheckpoint->_new(domain => $self, xml => $xml, flags => $flags);
}

# get_checkpoint_by_name is defined in Sys/Virt/DomainCheckpoint.pm, beside the _new it
# stands for.

1;

__END__

=head1 NAME

Sys::Virt::Domain - a virtual machine (a "domain" in libvirt's words)

=head1 SYNOPSIS

  use Sys::Virt;

  my $conn = Sys::Virt->new(uri => 'test:///default');
  my $dom  = $conn->get_domain_by_name('test');

  my $info = $dom->get_info;
  printf "%s: state %d, %d vCPUs, %d KiB\n",
      $dom->get_name, $info->{state}, $info->{nrVirtCpu}, $info->{memory};

  $dom->suspend;
  $dom->resume;

=head1 DESCRIPTION

An object of this class is a blessed scalar reference holding a libvirt domain handle.
Objects come from the connection (L<Sys::Virt/DOMAINS>). A method whose libvirt call fails
dies with a L<Sys::Virt::Error>. Methods that only act (C<create>, C<suspend>, ...) return
nothing: an empty list, C<undef> in scalar context.

Every C<$flags> argument defaults to 0 and is converted as Perl converts a number to an
unsigned integer, cut to 32 bits. Called on something that is not an object, a method
warns C<... -- dom is not a blessed SV reference> and returns C<undef>.

=head1 IDENTITY AND DESCRIPTION

=over 4

=item $dom->get_name(), $dom->get_id()

The name, and the id while the domain runs (-1 when it does not).

=item $dom->get_uuid(), $dom->get_uuid_string()

The UUID as 16 raw bytes, and in its printable 36-character form.

=item $dom->get_xml_description($flags = 0)

The XML description. C<$flags> takes C<XML_SECURE>, C<XML_INACTIVE>, C<XML_UPDATE_CPU>,
C<XML_MIGRATABLE>.

=item my $info = $dom->get_info()

A hash reference: C<state> (a C<STATE_*> constant), C<maxMem> and C<memory> (KiB),
C<nrVirtCpu>, C<cpuTime> (nanoseconds).

=item my ($state, $reason) = $dom->get_state($flags = 0)

The state (a C<STATE_*> constant) and why it is in it (one of the per-state reason
constants, such as C<STATE_RUNNING_BOOTED>). In scalar context: the reason.

=item $dom->is_active(), $dom->is_persistent(), $dom->is_updated()

1 or 0: whether it runs, whether it has a persistent definition, and whether its
persistent definition changed since it started.

=back

=head1 LIFE CYCLE

=over 4

=item $dom->create($flags = 0)

Starts a defined domain (C<START_*> flags).

=item $dom->destroy($flags = 0)

Stops it at once, like pulling the plug (C<DESTROY_*> flags). A transient domain disappears.

=item $dom->shutdown($flags = 0)

Asks the guest to shut down (C<SHUTDOWN_*> flags).

=item $dom->suspend(), $dom->resume()

Pauses and resumes its virtual CPUs.

=item $dom->undefine($flags = 0)

Removes the persistent definition. C<UNDEFINE_CHECKPOINTS_METADATA> (16) also removes the
checkpoints' metadata, which libvirt otherwise refuses to leave behind; other
C<UNDEFINE_*> flags do the same for snapshots, NVRAM and so on.

=back

=head1 MORE OF THE LIFE CYCLE

=over 4

=item $dom->reboot($flags = 0), $dom->reset($flags = 0)

Asks the guest to reboot (C<REBOOT_*> flags choose how), or resets it at once, like the
reset button.

=item $dom->inject_nmi($flags = 0), $dom->pm_wakeup($flags = 0)

Sends the guest a non-maskable interrupt; wakes a guest suspended by power management.

=item $dom->rename($newname, $flags = 0)

Gives a stopped domain a new name.

=item $dom->managed_save($flags = 0)

Saves the running guest's memory to a file libvirt manages and stops it; the next
C<create> resumes it from there (C<SAVE_*> flags).

=item my $bool = $dom->has_managed_save_image($flags = 0), $dom->managed_save_remove($flags = 0)

Whether such a saved image exists; removes it.

=item my $xml = $dom->managed_save_get_xml_description($flags = 0), $dom->managed_save_define_xml($xml, $flags = 0)

The domain XML stored in the saved image; replaces it.

=item $dom->core_dump($to, $flags = 0), $dom->core_dump_format($to, $format, $flags = 0)

Writes the guest's memory to the file C<$to> (C<DUMP_*> flags), in one of the
C<CORE_DUMP_FORMAT_*> formats with the second form.

=back

=head1 CONFIGURATION AND DEVICES

=over 4

=item my $bool = $dom->get_autostart(), $dom->set_autostart($bool)

Whether the domain is started with the host.

=item my $bool = $dom->get_autostart_once(), $dom->set_autostart_once($bool)

Whether the domain is started the next time the host starts, once only: libvirt clears
the setting when it has started the domain. Needs libvirt 11.2.0 or later (see
L<Sys::Virt/"LIBVIRT VERSIONS">).

=item my $n = $dom->get_max_vcpus(), my $type = $dom->get_os_type()

The most virtual CPUs the guest may have; its OS type (C<hvm>, C<linux>, ...).

=item my $name = $dom->get_hostname($flags = 0)

The guest's host name, as its agent or its DHCP lease says (C<GET_HOSTNAME_*> flags).

=item $dom->set_max_memory($kib), $dom->set_memory($kib, $flags = 0)

Sets the most memory the guest may have, or its current memory (balloon), in KiB;
C<$flags> take the C<MEM_*> constants.

=item $dom->set_vcpus($count, $flags = 0)

Sets the number of virtual CPUs (C<VCPU_*> flags).

=item $dom->set_memory_stats_period($seconds, $flags = 0)

How often the balloon driver reports memory statistics (C<AFFECT_*> flags).

=item $dom->attach_device($xml, $flags = 0), $dom->detach_device($xml, $flags = 0), $dom->update_device($xml, $flags = 0)

Adds, removes or changes the device described by C<$xml>, in the running guest or its
configuration (C<AFFECT_*> and C<DEVICE_MODIFY_*> flags).

=item $dom->detach_device_alias($alias, $flags = 0)

Removes the device with this alias.

=item $dom->set_user_password($user, $password, $flags = 0)

Sets a guest user's password through the guest agent (C<PASSWORD_ENCRYPTED> if it is
already encrypted).

=item $dom->add_iothread($id, $flags = 0), $dom->del_iothread($id, $flags = 0)

Adds or removes an I/O thread.

=item $dom->migrate_start_post_copy($flags = 0)

Switches a running migration to post-copy mode.

=back

=head1 MIGRATION TUNING, BLOCK JOBS, CONSOLES

=over 4

=item my $mibs = $dom->migrate_get_max_speed($flags = 0), $dom->migrate_set_max_speed($mibs, $flags = 0)

The most bandwidth a migration of this domain may use, in MiB/s.

=item my $ms = $dom->migrate_get_max_downtime($flags = 0), $dom->migrate_set_max_downtime($ms, $flags = 0)

The longest pause a live migration may make the guest take at its end, in milliseconds.

=item my $bytes = $dom->migrate_get_compression_cache($flags = 0), $dom->migrate_set_compression_cache($bytes, $flags = 0)

The size of the cache used to compress pages during a migration.

=item my $kib = $dom->get_max_memory()

The most memory the guest may have, in KiB.

=item $dom->set_agent_response_timeout($seconds, $flags = 0)

How long to wait for the guest agent (or one of the C<AGENT_RESPONSE_TIMEOUT_*> values).

=item $dom->pm_suspend_for_duration($target, $seconds, $flags = 0)

Suspends the guest to memory or disk (C<Sys::Virt::NODE_SUSPEND_TARGET_*>) for a while
(0: until woken).

=item $dom->send_process_signal($pid, $signum, $flags = 0)

Sends a signal (C<PROCESS_SIGNAL_*>) to a process of a container guest.

=item $dom->block_resize($disk, $size, $flags = 0)

Changes the size of a disk image, in KiB (in bytes with C<BLOCK_RESIZE_BYTES>).

=item $dom->abort_block_job($path, $flags = 0), $dom->set_block_job_speed($path, $bandwidth, $flags = 0)

Cancels the block job running on a disk (C<BLOCK_JOB_ABORT_*> flags), or limits its speed.

=item $dom->block_pull($path, $bandwidth, $flags = 0)

Copies into a disk image the data its backing chain holds, so that the chain can go.

=item $dom->set_block_threshold($dev, $threshold, $flags = 0)

Asks for an event once a disk's allocation passes C<$threshold> bytes.

=item $dom->open_console($st, $devname, $flags = 0), $dom->open_channel($st, $devname, $flags = 0)

Connects the L<Sys::Virt::Stream> C<$st> to a console or a channel of the guest (the
first one with C<$devname> C<undef>); C<CONSOLE_*> and C<CHANNEL_*> flags.

=item my $mimetype = $dom->screenshot($st, $screen, $flags = 0)

Takes a picture of screen C<$screen> of the guest, whose data comes through C<$st>;
returns its MIME type.

=back

=head1 MORE INFORMATION

=over 4

=item my $type = $dom->get_scheduler_type()

The name of the guest's CPU scheduler (C<fair>, C<posix>, ...).

=item my $info = $dom->get_control_info($flags = 0)

A hash reference: C<state> (one of the C<CONTROL_*> constants), C<details> and
C<stateTime> (milliseconds in that state), about libvirt's control of the guest.

=item my $info = $dom->get_block_info($dev, $flags = 0)

A hash reference with the C<capacity>, C<allocation> and C<physical> size of a disk, in
bytes.

=item my $label = $dom->get_security_label()

A hash reference: C<label> (the guest's security label) and C<enforcing>.

=item my @labels = $dom->get_security_label_list()

Every security label of the running domain (one per security driver), each a hash
reference like C<get_security_label>'s.

=item my $stats = $dom->interface_stats($path)

A hash reference of a network interface's counters: C<rx_bytes>, C<rx_packets>,
C<rx_errs>, C<rx_drop>, C<tx_bytes>, C<tx_packets>, C<tx_errs>, C<tx_drop> (-1 where not
known).

=back

=head1 GUEST TIME, GRAPHICS, VCPUS AND SNAPSHOT COUNTS

=over 4

=item $dom->fs_trim($mount_point, $minimum, $flags = 0)

Asks the guest agent to discard unused blocks of a file system (C<$minimum>: the smallest
free range worth discarding, in bytes).

=item $dom->graphics_reload($type, $flags = 0)

Makes the hypervisor reload the state of the guest's graphics servers, such as the TLS
certificates of a VNC server after they were renewed: C<GRAPHICS_RELOAD_TYPE_VNC> for VNC
servers only, C<GRAPHICS_RELOAD_TYPE_ANY> for all. Needs libvirt 10.2.0 or later.

=item $dom->set_time($seconds, $nanoseconds, $flags = 0)

Sets the guest's clock (C<TIME_SYNC> to take the host's).

=item $dom->open_graphics($idx, $fd, $flags = 0), my $fd = $dom->open_graphics_fd($idx, $flags = 0)

Connects the graphics server C<$idx> of the guest to the socket C<$fd>, or returns a new
socket connected to it (C<OPEN_GRAPHICS_*> flags).

=item $dom->set_vcpu($cpumap, $state, $flags = 0), $dom->set_guest_vcpus($cpumap, $state, $flags = 0)

Turns the virtual CPUs in C<$cpumap> (a list such as C<0-3,^2>) on or off, in the
definition or, through the guest agent, inside the guest.

=item my $n = $dom->num_of_snapshots($flags = 0), my $bool = $dom->has_current_snapshot($flags = 0)

How many snapshots the domain has; whether one is its current snapshot.

=item my @names = $dom->list_snapshot_names($max, $flags = 0)

The names of at most C<$max> snapshots (C<Sys::Virt::DomainSnapshot::LIST_*> flags).

=back

=head1 SCHEDULER AND JOBS

=over 4

=item my $params = $dom->get_scheduler_parameters($flags = 0)

The scheduler's tunables as a hash reference (for example C<< { weight => 50 } >> on the
test driver, C<cpu_shares> and friends on QEMU).

=item $dom->set_scheduler_parameters(\%params, $flags = 0)

Changes the tunables named in the hash; names the scheduler does not have are ignored.
Dies with a plain message if the argument is not a hash reference.

=item my $job = $dom->get_job_info()

The running background job (a migration, a save, a backup...) as a hash reference:
C<type> (a C<JOB_*> constant), C<timeElapsed>, C<timeRemaining>, and C<data*>, C<mem*>,
C<file*> each with C<Total>, C<Processed> and C<Remaining>.

=item my ($typeref, $stats) = $dom->get_job_stats($flags = 0)

A reference to the job's type (a C<JOB_*> constant: read it as C<$$typeref>; the XS module
returns it this way too) and a hash reference of its statistics, named by the C<JOB_*> string
constants (C<JOB_TIME_ELAPSED> is C<"time_elapsed">, and so on). C<JOB_STATS_COMPLETED>
asks for the last completed job instead.

=item $dom->abort_job($flags = 0)

Cancels the running job.

=back

=head1 CHECKPOINTS AND BACKUPS

=over 4

=item $dom->create_checkpoint($xml, $flags = 0), $dom->get_checkpoint_by_name($name),
$dom->list_all_checkpoints($flags = 0)

See L<Sys::Virt::DomainCheckpoint>.

=item $dom->backup_begin($backup_xml, $checkpoint_xml, $flags = 0)

Starts a backup job described by a C<< <domainbackup> >> document: in push mode libvirt
writes the disks to the targets it names, in pull mode it exports them over NBD. With an
C<< <incremental> >> element naming a checkpoint, only what changed since that checkpoint
is copied. If C<$checkpoint_xml> is defined, a checkpoint is made at the same moment, to
be the base of the next incremental backup. C<$checkpoint_xml> must be passed, even as
C<undef>. Follow the job with C<get_job_info> or C<get_job_stats>; cancel it with
C<abort_job>. C<BACKUP_BEGIN_REUSE_EXTERNAL> (1) makes libvirt use target files that
already exist.

=item $dom->backup_get_xml_description($flags = 0)

The XML of the running backup job, with the details libvirt filled in.

=back

=head1 STATISTICS

Counters come back as hash references. Their values are numbers; where libvirt has no value
for a counter it leaves it out (or reports -1, as the hypervisor gives it).

=over 4

=item my $stats = $dom->block_stats($path, $flags = 0)

Input/output counters of one disk (its target name such as C<vda>, or its source path).
With the current call: C<rd_req>, C<rd_bytes>, C<wr_req>, C<wr_bytes>, C<flush_reqs>,
C<rd_total_times>, C<wr_total_times>, C<flush_total_times> and C<errs> where the hypervisor
has them (libvirt's C<rd_operations>, C<wr_operations> and C<flush_operations> are renamed
so, as in the XS module). Where a driver only has the older call and C<$flags> is 0, the
keys are C<rd_req>, C<rd_bytes>, C<wr_req>, C<wr_bytes> and C<errs>.

=item my $stats = $dom->memory_stats($flags = 0)

The balloon driver's memory figures in KiB (C<swap_in>, C<swap_out>, C<major_fault>,
C<minor_fault>, C<unused>, C<available>, C<actual_balloon>, C<rss>, C<usable>,
C<disk_caches>, C<hugetlb_pgalloc>, C<hugetlb_pgfail>) and C<last_update>, a time in
seconds. Only those the guest reports are present.

=item my @cpus = $dom->get_cpu_stats($start_cpu, $ncpus, $flags = 0)

CPU time the domain used on host CPUs C<$start_cpu> and up (C<$ncpus> of them, or all the
rest when 0), one hash reference per CPU, with C<cpu_time> and usually C<vcpu_time> in
nanoseconds. C<$start_cpu> -1 (with C<$ncpus> 1) gives the totals instead, in one hash:
C<cpu_time>, C<user_time>, C<system_time>.

=item my @vcpus = $dom->get_vcpu_info($flags = 0)

One hash reference per virtual CPU: C<number>, C<state> (a C<VCPU_*> constant), C<cpuTime>
in nanoseconds, C<cpu> (the host CPU it last ran on) and C<affinity>, a bit map of the host
CPUs it may run on (a byte string, one bit per CPU, lowest first: test a CPU with
C<vec($affinity, $cpu, 1)>). For a domain that is not running, or with C<$flags> (such as
C<AFFECT_CONFIG>), only C<affinity> is known and the other fields are 0.

=item my $n = $dom->get_vcpus($flags = 0)

The number of virtual CPUs the C<VCPU_*> flags ask about (current, maximum, live, config).

=item my @errors = $dom->get_disk_errors($flags = 0)

One hash reference per disk that has an I/O error: C<path> and C<error> (a C<DISK_ERROR_*>
constant).

=item my $info = $dom->get_block_job_info($path, $flags = 0)

The block job on a disk: C<type> (a C<BLOCK_JOB_TYPE_*> constant), C<bandwidth>, C<cur>
and C<end> (progress in arbitrary units). All zero when there is no job.

=back

=head1 TUNING WITH TYPED PARAMETERS

These methods read and change groups of named values. A getter returns a hash reference
whose keys are the names libvirt uses (the matching constants, such as
C<MEMORY_HARD_LIMIT> for C<"hard_limit">, hold them). A setter takes a hash reference and
changes only the names it has: it first asks libvirt for the current list, keeps the entries
whose names the hash C<exists>, and converts each value by the type libvirt reported (so
C<"512"> and 512 are the same). Names libvirt does not report are ignored; a hash that
names none of them makes libvirt refuse the call. A string value with a NUL byte is refused.
The C<$flags> (C<AFFECT_LIVE>, C<AFFECT_CONFIG>) apply to both steps. A setter given
something other than a hash reference dies with C<... newparams is not a HASH reference>.

=over 4

=item my $params = $dom->get_memory_parameters($flags = 0), $dom->set_memory_parameters(\%params, $flags = 0)

Memory limits in KiB (C<hard_limit>, C<soft_limit>, C<swap_hard_limit>, C<min_guarantee>).
"Unlimited" is 9007199254740991.

=item my $params = $dom->get_blkio_parameters($flags = 0), $dom->set_blkio_parameters(\%params, $flags = 0)

The block I/O weight and the per-device limits (C<weight>, C<device_weight>,
C<device_read_iops_sec> and so on; the per-device values are strings such as
C<"/dev/sda,500">).

=item my $params = $dom->get_numa_parameters($flags = 0), $dom->set_numa_parameters(\%params, $flags = 0)

The NUMA memory policy: C<numa_mode> (a C<NUMATUNE_MEM_*> constant) and C<numa_nodeset>
(such as C<"0-1">).

=item my $params = $dom->get_block_iotune($disk, $flags = 0), $dom->set_block_iotune($disk, \%params, $flags = 0)

I/O throttling of one disk: C<total_bytes_sec>, C<read_iops_sec>, their C<_max> and
C<_max_length> forms, C<size_iops_sec> and C<group_name>.

=item my $params = $dom->get_interface_parameters($intf, $flags = 0), $dom->set_interface_parameters($intf, \%params, $flags = 0)

Bandwidth limits of one network interface (by device name or MAC address):
C<inbound.average>, C<inbound.peak>, C<inbound.burst>, C<inbound.floor> and the same for
C<outbound>.

=item my $events = $dom->get_perf_events($flags = 0), $dom->set_perf_events(\%events, $flags = 0)

Which performance counters the hypervisor collects (C<cmt>, C<cpu_cycles>, ...; the
C<PERF_PARAM_*> constants), each 1 or 0. Set a name to 1 to enable its counter.

=item $dom->set_iothread($iothread_id, \%params, $flags = 0)

Tunes one I/O thread. The hash may have C<poll_max_ns>, C<poll_grow>, C<poll_shrink>,
C<thread_pool_min> and C<thread_pool_max> (the C<IOTHREAD_PARAM_*> constants); other keys
are ignored.

=item my $info = $dom->get_launch_security_info($flags = 0)

Launch security details of a confidential guest (AMD SEV): C<sev-measurement> and, on newer
hypervisors, the API version and policy (the C<LAUNCH_SECURITY_SEV_*> constants).

=item $dom->set_throttle_group($group, \%params, $flags = 0), $dom->del_throttle_group($group, $flags = 0)

Creates the throttle group named C<$group>, or replaces all of its limits, with the I/O
limits in C<%params> (the keys of C<set_block_iotune>: C<total_bytes_sec>,
C<read_iops_sec_max> and the other C<BLOCK_IOTUNE_*> names; others are ignored). Disks
that name the group in their throttle filters share its limits. C<del_throttle_group>
removes a group that no disk uses any more. C<$flags> take the C<AFFECT_*> constants. Both
need libvirt 11.2.0 or later.

=item $dom->set_launch_security_state(\%params, $flags = 0)

Injects a launch secret into a confidential guest. The hash may have C<sev-secret-header>,
C<sev-secret> (both base64 strings) and C<sev-secret-set-address>.

=back

=over 4

=item $dom->announce_interface($device, \%params, $flags = 0)

Makes the guest announce its network interfaces (gratuitous ARP and similar packets) so
that switches learn where its MAC addresses are after it moved, for the interface named
C<$device> or, with C<"">, for all of them. C<%params> may set how: C<initial> (the first
delay, in milliseconds), C<max>, C<rounds> and C<step> (the C<ANNOUNCE_INTERFACE_*>
names); others are ignored. Needs libvirt 12.5.0 or later.

=back

=head1 CPU PINNING AND I/O THREADS

A CPU map is a byte string with one bit per host CPU, lowest first; C<"\x03"> means CPUs 0
and 1. Build one with C<vec>.

=over 4

=item $dom->pin_vcpu($vcpu, $cpumap, $flags = 0)

Lets virtual CPU C<$vcpu> run only on the host CPUs in the map (with C<$flags>, in the live
or persistent definition).

=item $dom->pin_emulator($cpumap, $flags = 0), my $cpumap = $dom->get_emulator_pin_info($flags = 0)

The host CPUs the hypervisor's own threads may use.

=item $dom->pin_iothread($iothread_id, $cpumap, $flags = 0)

The host CPUs one I/O thread may use.

=item my @threads = $dom->get_iothread_info($flags = 0)

One hash reference per I/O thread: C<number> and C<affinity> (a CPU map).

=back

=head1 SAVING, STARTING WITH FILES, MIGRATING

=over 4

=item $dom->save($to, $dxml = undef, \%params = undef, $flags = 0)

Saves the running domain's memory to the file C<$to> and stops it; the connection's
C<restore_domain> starts it again. C<$dxml> is a replacement XML for the saved definition.
Given a parameter hash instead (C<file>, C<dxml>: the C<SAVE_PARAM_*> constants), the newer
call is used and C<$to> and C<$dxml> are not needed. With neither, it dies with
C<Either $to or $params parameter must be supplied>.

=item $dom->create_with_files(\@fds, $flags = 0)

Starts the defined domain, handing it the open file descriptors in C<@fds>. Anything but an
array reference starts nothing and returns nothing, as in the XS module.

=item $dom->fd_associate($name, \@fds, $flags = 0)

Hands libvirt file descriptors to use, under a name the domain XML refers to
(C<< <source fdgroup="$name"/> >>). Anything but an array reference does nothing.

=item my $newdom = $dom->migrate($destconn, \%params, $flags = 0)

=item my $newdom = $dom->migrate($destconn, $flags, $dname, $uri, $bandwidth)

=item my $newdom = $dom->migrate2($destconn, $dxml, $flags, $dname, $uri, $bandwidth)

Moves the domain to the host of the connection C<$destconn> and returns it there. The
parameter hash takes the C<MIGRATE_PARAM_*> names (C<uri>, C<destination_name>,
C<destination_xml>, C<bandwidth>, C<listen_address>, C<compression>, C<parallel.connections>
and the rest); C<migrate_disks> is an array reference of disk targets. The other forms
build such a hash from their arguments. C<$flags> takes the C<MIGRATE_*> constants.

=item $dom->migrate_to_uri($desturi, \%params, $flags = 0)

=item $dom->migrate_to_uri($desturi, $flags, $dname, $uri, $bandwidth)

=item $dom->migrate_to_uri2($desturi, $dxml, $flags, $dname, $uri, $bandwidth)

The same, to a destination named by URI (with C<MIGRATE_PEER2PEER>, a libvirt URI; else a
hypervisor URI); nothing is returned.

=item $dom->_migrate($destconn, \%params, $flags = 0), $dom->_migrate_to_uri($desturi, \%params, $flags = 0)

The calls behind the methods above.

=back

=head1 GUEST AGENT AND GUEST INFORMATION

These need a guest agent (C<qemu-guest-agent>) in the guest.

=over 4

=item my @fs = $dom->get_fs_info($flags = 0)

The guest's mounted file systems: hash references with C<mountpoint>, C<name>, C<fstype>
and C<devalias> (an array reference of the disk targets under it).

=item $dom->fs_freeze(\@mountpoints, $flags = 0), $dom->fs_thaw(\@mountpoints, $flags = 0)

Freezes (or thaws) the guest's file systems, all of them when the list is empty. Anything
but an array reference dies with C<... mountPointsSV is not an ARRAY reference> (the XS
module crashes).

=item my @ifaces = $dom->get_interface_addresses($source, $flags = 0)

The guest's network interfaces: hash references with C<name>, C<hwaddr> (when known) and
C<addrs>, an array reference of C<< { type => ..., addr => ..., prefix => ... } >>
(C<type> is C<Sys::Virt::IP_ADDR_TYPE_IPV4> or C<IP_ADDR_TYPE_IPV6>). C<$source> is an
C<INTERFACE_ADDRESSES_SRC_*> constant: the DHCP leases, the agent or the ARP table.

=item my $info = $dom->get_guest_info($types = 0, $flags = 0)

What the agent knows about the guest (users, OS, time zone, host name, file systems, disks,
interfaces, picked by the C<GUEST_INFO_*> bits of C<$types>; 0 for all) as one flat hash
reference with libvirt's dotted names (C<os.id>, C<user.count>, C<fs.0.name>, ...).

=item my $info = $dom->get_guest_vcpus($flags = 0)

The guest's view of its CPUs: C<vcpus>, C<online> and C<offlinable> (CPU lists such as
C<"0-3">).

=item my @keys = $dom->authorized_ssh_keys_get($user, $flags = 0), $dom->authorized_ssh_keys_set($user, \@keys, $flags = 0)

Reads or changes a guest user's F<authorized_keys>. C<$flags> take the
C<AUTHORIZED_SSH_KEYS_SET_*> constants (append, remove). Anything but an array reference of
keys dies with a message saying so (the XS module crashes).

=item $dom->send_key($codeset, $holdtime, \@keycodes, $flags = 0)

Presses and releases keys on the guest's keyboard (up to 16), C<$holdtime> milliseconds
long, in the C<KEYCODE_SET_*> code set. Anything but an array reference sends nothing.

=item my ($seconds, $nanoseconds) = @{ $dom->get_time($flags = 0) }

The guest's clock, as an array reference of seconds since the epoch and nanoseconds.

=item my @messages = $dom->get_messages($flags = 0)

Warnings libvirt keeps about the domain (tainting, deprecated configuration), picked by the
C<MESSAGE_*> flags.

=item $dom->start_dirty_rate_calc($seconds, $flags = 0)

Starts measuring how fast the guest writes to its memory, over C<$seconds>; the result is
in C<get_all_domain_stats> (C<dirtyrate.*>).

=back

=head1 METADATA AND LIFE-CYCLE ACTIONS

=over 4

=item my $text = $dom->get_metadata($type, $uri = undef, $flags = 0)

The domain's title, description, or (for C<METADATA_ELEMENT>) the custom XML element in the
namespace C<$uri>. Dies with C<ERR_NO_DOMAIN_METADATA> when there is none.

=item $dom->set_metadata($type, $metadata = undef, $key = undef, $uri = undef, $flags = 0)

Sets (or with C<undef> removes) that metadata; a custom element needs a namespace prefix
C<$key> and its C<$uri>.

=item $dom->set_lifecycle_action($type, $action, $flags = 0)

What the hypervisor does when the guest powers off, reboots or crashes (C<$type>, a
C<LIFECYCLE_*> constant): C<LIFECYCLE_ACTION_*>.

=back

=head1 LOW-LEVEL ACCESS AND BLOCK JOBS

=over 4

=item my $bytes = $dom->block_peek($path, $offset, $size, $flags = 0)

=item my $bytes = $dom->memory_peek($offset, $size, $flags = 0)

C<$size> bytes of a disk image, or of the guest's memory (C<MEMORY_VIRTUAL> or
C<MEMORY_PHYSICAL> addresses), from C<$offset>. The offset is converted to a 32-bit
unsigned number, as in the XS module. A size above 1 GiB is refused with a message (the XS
module tries to allocate it, and a huge one ends the program with "Out of memory!").

=item $dom->block_commit($path, $base, $top, $bandwidth, $flags = 0)

Merges the layers of a disk's backing chain from C<$top> down into C<$base> (C<undef> for
the active layer and its immediate backing file). Follow it with C<get_block_job_info>.

=item $dom->block_rebase($path, $base, $bandwidth, $flags = 0)

Pulls the backing chain above C<$base> (C<undef>: all of it) into the active layer, or with
C<BLOCK_REBASE_COPY> copies the disk to a new image.

=item $dom->block_copy($path, $destxml, \%params, $flags = 0)

Copies a disk to the destination a C<< <disk> >> document describes, keeping the copy in
step until the job is ended. The hash may have C<bandwidth>, C<granularity> and
C<buf-size> (the C<BLOCK_COPY_*> constants).

=back

=head1 SNAPSHOTS

=over 4

=item my $snap = $dom->create_snapshot($xml, $flags = 0), my $snap = $dom->get_snapshot_by_name($name)

=item my $snap = $dom->current_snapshot($flags = 0)

=item my @snaps = $dom->list_snapshots(), my @snaps = $dom->list_all_snapshots($flags = 0)

See L<Sys::Virt::DomainSnapshot>.

=back

=head1 DIFFERENCES FROM THE XS Sys::Virt

Where the XS module uses an argument as an array or hash reference without checking it, and
so crashes, these die with a message naming the argument: C<fs_freeze>, C<fs_thaw>,
C<authorized_ssh_keys_set>, a defined C<\%params> of C<save>, and C<migrate_disks> in a
migration hash. C<get_cpu_stats> returns one record per CPU asked for (the XS module
returns as many records as there are statistics per CPU, which for the totals means a
second record of garbage). C<migrate_to_uri2> migrates (the XS module calls a method that
does not exist). See also L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">.

=head1 CONSTANTS

All are subs with an empty prototype, with the names and values of the XS module for
libvirt 9.0.0. They come in groups; C<PREFIX_*> stands for every constant whose name
starts with C<PREFIX_>. Groups for calls this build does not provide yet are there too,
for scripts that name them.

=over 4

=item States: C<STATE_*>

The domain states (C<STATE_RUNNING>, C<STATE_SHUTOFF>, ...) and, named after their state,
the reasons for them (C<STATE_RUNNING_BOOTED>, ...): see C<get_info> and C<get_state>.

=item List filters: C<LIST_*>

For L<Sys::Virt/list_all_domains>, among them C<LIST_HAS_CHECKPOINT> (16384) and
C<LIST_NO_CHECKPOINT> (32768).

=item Flags of the methods above: C<XML_*>, C<START_*>, C<DESTROY_*>, C<SHUTDOWN_*>,
C<REBOOT_*>, C<UNDEFINE_*>, C<DEFINE_VALIDATE>, C<BACKUP_BEGIN_*>, C<JOB_STATS_*>,
C<DOMAIN_ABORT_JOB_POSTCOPY>

=item Jobs: C<JOB_*>

The job types (C<JOB_NONE>, C<JOB_BOUNDED>, C<JOB_UNBOUNDED>, C<JOB_COMPLETED>,
C<JOB_FAILED>, C<JOB_CANCELLED>), the operations (C<JOB_OPERATION_*>) and the string
names of C<get_job_stats>'s fields (C<JOB_TIME_ELAPSED> is C<"time_elapsed">).

=item Typed parameter names: C<SCHEDULER_*>, C<MEMORY_*>, C<BLKIO_*>, C<NUMA_*>,
C<BANDWIDTH_*>, C<IOTHREAD_PARAM_*>, C<PERF_PARAM_*>, C<CPU_STATS_*>, C<TUNABLE_*>,
C<LAUNCH_SECURITY_SEV_*>, C<SAVE_PARAM_*>, C<MIGRATE_PARAM_*>

Strings: the names of scheduler, memory, block I/O, NUMA, bandwidth, I/O thread and perf
parameters, of CPU statistics, of tunables reported by events, of SEV launch security
data and of save and migration parameters (C<MEMORY_HARD_LIMIT> is C<"hard_limit">).
C<MEMORY_STAT_*> are the indices of memory statistics, C<MEMORY_PARAM_UNLIMITED> the value
that means no limit and C<MEMORY_FAILURE_*> flags of memory failure events.

=item Which definition a change affects: C<AFFECT_*>, C<MEM_*>, C<VCPU_*>,
C<DEVICE_MODIFY_*>

The live domain, its persistent configuration or both, for memory, vCPU and device
changes. C<VCPU_*> also holds the vCPU states (C<VCPU_RUNNING>, ...) and
C<VCPU_INFO_CPU_*>. C<NUMATUNE_MEM_*> are the NUMA memory modes.

=item Block devices: C<BLOCK_*>, C<DISK_ERROR_*>

Block jobs (C<BLOCK_JOB_*>: types, results, abort and speed flags), flags of block commit,
copy, pull, rebase and resize (C<BLOCK_COMMIT_*>, C<BLOCK_COPY_*>, C<BLOCK_PULL_*>,
C<BLOCK_REBASE_*>, C<BLOCK_RESIZE_*>), I/O tuning parameters (C<BLOCK_IOTUNE_*>), block
statistics (C<BLOCK_STATS_*>) and disk error kinds.

=item Saving, dumping and migrating: C<SAVE_*>, C<DUMP_*>, C<CORE_DUMP_FORMAT_*>,
C<MIGRATE_*>

=item Events: C<EVENT_*>

Event ids (C<EVENT_ID_*>) and, for each kind of event, its detail codes
(C<EVENT_STARTED_BOOTED>, ...). Events are not provided by this build yet.

=item Statistics: C<GET_ALL_STATS_*>, C<STATS_*>, C<DIRTYRATE_*>

Flags and groups of the connection's domain statistics, and the dirty rate calculation's
states and modes.

=item Guest and console: C<GUEST_INFO_*>, C<GET_HOSTNAME_*>, C<INTERFACE_ADDRESSES_SRC_*>,
C<AGENT_RESPONSE_TIMEOUT_*>, C<AUTHORIZED_SSH_KEYS_*>, C<PASSWORD_ENCRYPTED>, C<TIME_SYNC>,
C<OPEN_*>, C<KEYCODE_SET_*>, C<SEND_KEY_MAX_KEYS>, C<PROCESS_SIGNAL_*>

What the guest agent is asked for and how, console, channel and graphics access, key
codes and the signals that can be sent to a guest's processes.

=item Other: C<CONTROL_*>, C<LIFECYCLE_*>, C<METADATA_*>, C<MESSAGE_*>, C<FD_ASSOCIATE_*>

The state of the domain's control interface, life cycle events and the actions taken on
them, the kinds of metadata, the kinds of messages libvirt keeps about a domain
(deprecation, tainting), and the flags for passing file descriptors to a domain.

=back

=head1 SEE ALSO

L<Sys::Virt>, L<Sys::Virt::DomainCheckpoint>, L<https://libvirt.org/formatdomain.html>,
L<https://libvirt.org/formatbackup.html>

=cut
