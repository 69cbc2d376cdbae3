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
unsigned integer, cut to 32 bits. Where this class behaves otherwise than the XS module,
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt"> says so. Called on something that is not
an object, a method warns C<... -- dom is not a blessed SV reference> and returns
C<undef>.

=head1 IDENTITY AND DESCRIPTION

=over 4

=item $dom->get_name(), $dom->get_id()

The name, and the id while the domain runs (-1 when it does not).

=item $dom->get_uuid(), $dom->get_uuid_string()

The UUID as 16 raw bytes, and in its printable 36-character form.

=item $dom->get_xml_description($flags = 0)

The XML description. C<$flags> takes the C<XML_*> constants (L</"XML DESCRIPTION FLAGS">).

=item my $info = $dom->get_info()

A hash reference: C<state> (a C<STATE_*> constant: L</"DOMAIN STATES">), C<maxMem> and
C<memory> (KiB), C<nrVirtCpu>, C<cpuTime> (nanoseconds).

=item my ($state, $reason) = $dom->get_state($flags = 0)

The state (a C<STATE_*> constant) and why it is in it (one of the per-state reason
constants, such as C<STATE_RUNNING_BOOTED>: L</"STATE REASONS">). In scalar context: the
reason.

=item $dom->is_active(), $dom->is_persistent(), $dom->is_updated()

1 or 0: whether it runs, whether it has a persistent definition, and whether its
persistent definition changed since it started.

=back

=head1 LIFE CYCLE

=over 4

=item $dom->create($flags = 0)

Starts a defined domain (C<START_*> flags: L</"START AND DEFINE FLAGS">).

=item $dom->destroy($flags = 0)

Stops it at once, like pulling the plug (C<DESTROY_*> flags: L</"STOPPING AND REMOVING">).
A transient domain disappears.

=item $dom->shutdown($flags = 0)

Asks the guest to shut down (C<SHUTDOWN_*> flags: L</"STOPPING AND REMOVING">).

=item $dom->suspend(), $dom->resume()

Pauses and resumes its virtual CPUs.

=item $dom->undefine($flags = 0)

Removes the persistent definition. C<UNDEFINE_CHECKPOINTS_METADATA> (16) also removes the
checkpoints' metadata, which libvirt otherwise refuses to leave behind; other
C<UNDEFINE_*> flags do the same for snapshots, NVRAM and so on
(L</"STOPPING AND REMOVING">).

=back

=head1 MORE OF THE LIFE CYCLE

=over 4

=item $dom->reboot($flags = 0), $dom->reset($flags = 0)

Asks the guest to reboot (C<REBOOT_*> flags choose how: L</"STOPPING AND REMOVING">), or
resets it at once, like the reset button.

=item $dom->inject_nmi($flags = 0), $dom->pm_wakeup($flags = 0)

Sends the guest a non-maskable interrupt; wakes a guest suspended by power management.

=item $dom->rename($newname, $flags = 0)

Gives a stopped domain a new name.

=item $dom->managed_save($flags = 0)

Saves the running guest's memory to a file libvirt manages and stops it; the next
C<create> resumes it from there (C<SAVE_*> flags: L</"SAVE AND RESTORE">).

=item my $bool = $dom->has_managed_save_image($flags = 0), $dom->managed_save_remove($flags = 0)

Whether such a saved image exists; removes it.

=item my $xml = $dom->managed_save_get_xml_description($flags = 0), $dom->managed_save_define_xml($xml, $flags = 0)

The domain XML stored in the saved image; replaces it.

=item $dom->core_dump($to, $flags = 0), $dom->core_dump_format($to, $format, $flags = 0)

Writes the guest's memory to the file C<$to> (C<DUMP_*> flags), in one of the
C<CORE_DUMP_FORMAT_*> formats with the second form (L</"CORE DUMPS">).

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

The guest's host name, as its agent or its DHCP lease says (C<GET_HOSTNAME_*> flags:
L</"GUEST AGENT AND CLOCK FLAGS">).

=item $dom->set_max_memory($kib), $dom->set_memory($kib, $flags = 0)

Sets the most memory the guest may have, or its current memory (balloon), in KiB;
C<$flags> take the C<MEM_*> constants (L</"WHICH DEFINITION A CHANGE AFFECTS">).

=item $dom->set_vcpus($count, $flags = 0)

Sets the number of virtual CPUs (C<VCPU_*> flags: L</"VIRTUAL CPUS">).

=item $dom->set_memory_stats_period($seconds, $flags = 0)

How often the balloon driver reports memory statistics (C<AFFECT_*> flags).

=item $dom->attach_device($xml, $flags = 0), $dom->detach_device($xml, $flags = 0), $dom->update_device($xml, $flags = 0)

Adds, removes or changes the device described by C<$xml>, in the running guest or its
configuration (C<AFFECT_*> and C<DEVICE_MODIFY_*> flags:
L</"WHICH DEFINITION A CHANGE AFFECTS">).

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

The most bandwidth a migration of this domain may use, in MiB/s; with
C<MIGRATE_MAX_SPEED_POSTCOPY>, that of its post-copy phase.

=item my $ms = $dom->migrate_get_max_downtime($flags = 0), $dom->migrate_set_max_downtime($ms, $flags = 0)

The longest pause a live migration may make the guest take at its end, in milliseconds.

=item my $bytes = $dom->migrate_get_compression_cache($flags = 0), $dom->migrate_set_compression_cache($bytes, $flags = 0)

The size of the cache used to compress pages during a migration.

=item my $kib = $dom->get_max_memory()

The most memory the guest may have, in KiB.

=item $dom->set_agent_response_timeout($seconds, $flags = 0)

How long to wait for the guest agent (or one of the C<AGENT_RESPONSE_TIMEOUT_*> values:
L</"GUEST AGENT AND CLOCK FLAGS">).

=item $dom->pm_suspend_for_duration($target, $seconds, $flags = 0)

Suspends the guest to memory or disk (C<Sys::Virt::NODE_SUSPEND_TARGET_*>:
L<Sys::Virt/"HOST SUSPEND">) for a while (0: until woken).

=item $dom->send_process_signal($pid, $signum, $flags = 0)

Sends a signal (C<PROCESS_SIGNAL_*>: L</"KEYS AND SIGNALS">) to a process of a container
guest.

=item $dom->block_resize($disk, $size, $flags = 0)

Changes the size of a disk image, in KiB (in bytes with C<BLOCK_RESIZE_BYTES>; see
L</"BLOCK JOBS"> for the other flags).

=item $dom->abort_block_job($path, $flags = 0), $dom->set_block_job_speed($path, $bandwidth, $flags = 0)

Cancels the block job running on a disk (C<BLOCK_JOB_ABORT_*> flags), or limits its speed
(L</"BLOCK JOBS">).

=item $dom->block_pull($path, $bandwidth, $flags = 0)

Copies into a disk image the data its backing chain holds, so that the chain can go.

=item $dom->set_block_threshold($dev, $threshold, $flags = 0)

Asks for an event once a disk's allocation passes C<$threshold> bytes.

=item $dom->open_console($st, $devname, $flags = 0), $dom->open_channel($st, $devname, $flags = 0)

Connects the L<Sys::Virt::Stream> C<$st> to a console or a channel of the guest (the first
one with C<$devname> C<undef>); C<OPEN_CONSOLE_*> and C<OPEN_CHANNEL_FORCE> flags
(L</"CONSOLES, CHANNELS AND GRAPHICS">).

=item my $mimetype = $dom->screenshot($st, $screen, $flags = 0)

Takes a picture of screen C<$screen> of the guest, whose data comes through C<$st>;
returns its MIME type.

=back

=head1 MORE INFORMATION

=over 4

=item my $type = $dom->get_scheduler_type()

The name of the guest's CPU scheduler (C<fair>, C<posix>, ...).

=item my $info = $dom->get_control_info($flags = 0)

A hash reference: C<state> (one of the C<CONTROL_*> constants: L</"CONTROL STATES">),
C<details> and C<stateTime> (milliseconds in that state), about libvirt's control of the
guest.

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
servers only, C<GRAPHICS_RELOAD_TYPE_ANY> for all (L</"CONSOLES, CHANNELS AND GRAPHICS">).
Needs libvirt 10.2.0 or later.

=item $dom->set_time($seconds, $nanoseconds, $flags = 0)

Sets the guest's clock (C<TIME_SYNC> to take it from the guest's own real-time clock).

=item $dom->open_graphics($idx, $fd, $flags = 0), my $fd = $dom->open_graphics_fd($idx, $flags = 0)

Connects the graphics server C<$idx> of the guest to the socket C<$fd>, or returns a new
socket connected to it (C<OPEN_GRAPHICS_SKIPAUTH>: L</"CONSOLES, CHANNELS AND GRAPHICS">).

=item $dom->set_vcpu($cpumap, $state, $flags = 0), $dom->set_guest_vcpus($cpumap, $state, $flags = 0)

Turns the virtual CPUs in C<$cpumap> (a list such as C<0-3,^2>) on or off, in the
definition or, through the guest agent, inside the guest (C<SETVCPU_*> flags for
C<set_vcpu>: L</"WHICH DEFINITION A CHANGE AFFECTS">).

=item my $n = $dom->num_of_snapshots($flags = 0), my $bool = $dom->has_current_snapshot($flags = 0)

How many snapshots the domain has; whether one is its current snapshot.

=item my @names = $dom->list_snapshot_names($max, $flags = 0)

The names of at most C<$max> snapshots (C<Sys::Virt::DomainSnapshot::LIST_*> flags:
L<Sys::Virt::DomainSnapshot/"LISTING SNAPSHOTS">).

=back

=head1 SCHEDULER AND JOBS

=over 4

=item my $params = $dom->get_scheduler_parameters($flags = 0)

The scheduler's tunables as a hash reference (for example C<< { weight => 50 } >> on the
test driver, C<cpu_shares> and friends on QEMU: L</"SCHEDULER PARAMETERS">).

=item $dom->set_scheduler_parameters(\%params, $flags = 0)

Changes the tunables named in the hash; names the scheduler does not have are ignored.
Dies with a plain message if the argument is not a hash reference.

=item my $job = $dom->get_job_info()

The running background job (a migration, a save, a backup...) as a hash reference: C<type>
(a C<JOB_*> constant: L</"JOBS">), C<timeElapsed>, C<timeRemaining>, and C<data*>,
C<mem*>, C<file*> each with C<Total>, C<Processed> and C<Remaining>.

=item my ($typeref, $stats) = $dom->get_job_stats($flags = 0)

A reference to the job's type (a C<JOB_*> constant: read it as C<$$typeref>; the XS module
returns it this way too) and a hash reference of its statistics, named by the C<JOB_*>
string constants (C<JOB_TIME_ELAPSED> is C<"time_elapsed">, and so on:
L</"Job statistics">). C<JOB_STATS_COMPLETED> asks for the last completed job instead.

=item $dom->abort_job($flags = 0)

Cancels the running job. C<$flags> may be C<DOMAIN_ABORT_JOB_POSTCOPY> (L</JOBS>).

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
C<abort_job>. C<$flags> takes the C<BACKUP_BEGIN_*> constants (L</BACKUPS>).

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
C<rd_total_times>, C<wr_total_times>, C<flush_total_times> and C<errs> where the
hypervisor has them (libvirt's C<rd_operations>, C<wr_operations> and C<flush_operations>
are renamed so, as in the XS module). Where a driver only has the older call and C<$flags>
is 0, the keys are C<rd_req>, C<rd_bytes>, C<wr_req>, C<wr_bytes> and C<errs>. The
C<BLOCK_STATS_*> constants hold libvirt's names (L</"STATISTICS OF ONE DOMAIN">).

=item my $stats = $dom->memory_stats($flags = 0)

The balloon driver's memory figures in KiB (C<swap_in>, C<swap_out>, C<major_fault>,
C<minor_fault>, C<unused>, C<available>, C<actual_balloon>, C<rss>, C<usable>,
C<disk_caches>, C<hugetlb_pgalloc>, C<hugetlb_pgfail>) and C<last_update>, a time in
seconds. Only those the guest reports are present. The C<MEMORY_STAT_*> constants are
libvirt's numbers for them (L</"STATISTICS OF ONE DOMAIN">).

=item my @cpus = $dom->get_cpu_stats($start_cpu, $ncpus, $flags = 0)

CPU time the domain used on host CPUs C<$start_cpu> and up (C<$ncpus> of them, or all the
rest when 0), one hash reference per CPU, with C<cpu_time> and usually C<vcpu_time> in
nanoseconds. C<$start_cpu> -1 (with C<$ncpus> 1) gives the totals instead, in one hash:
C<cpu_time>, C<user_time>, C<system_time> (the C<CPU_STATS_*> names). One record comes
back per CPU asked for (see L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=item my @vcpus = $dom->get_vcpu_info($flags = 0)

One hash reference per virtual CPU: C<number>, C<state> (a C<VCPU_*> constant:
L</"VIRTUAL CPUS">), C<cpuTime> in nanoseconds, C<cpu> (the host CPU it last ran on) and
C<affinity>, a bit map of the host CPUs it may run on (a byte string, one bit per CPU,
lowest first: test a CPU with C<vec($affinity, $cpu, 1)>). For a domain that is not
running, or with C<$flags> (such as C<AFFECT_CONFIG>), only C<affinity> is known and the
other fields are 0.

=item my $n = $dom->get_vcpus($flags = 0)

The number of virtual CPUs the C<VCPU_*> flags ask about (current, maximum, live, config).

=item my @errors = $dom->get_disk_errors($flags = 0)

One hash reference per disk that has an I/O error: C<path> and C<error> (a C<DISK_ERROR_*>
constant: L</"STATISTICS OF ONE DOMAIN">).

=item my $info = $dom->get_block_job_info($path, $flags = 0)

The block job on a disk: C<type> (a C<BLOCK_JOB_TYPE_*> constant: L</"BLOCK JOBS">),
C<bandwidth>, C<cur> and C<end> (progress in arbitrary units). All zero when there is no
job.

=back

=head1 TUNING WITH TYPED PARAMETERS

These methods read and change groups of named values. A getter returns a hash reference
whose keys are the names libvirt uses (the matching constants, such as
C<MEMORY_HARD_LIMIT> for C<"hard_limit">, hold them). A setter takes a hash reference and
changes only the names it has: it first asks libvirt for the current list, keeps the
entries whose names the hash C<exists>, and converts each value by the type libvirt
reported (so C<"512"> and 512 are the same). Names libvirt does not report are ignored; a
hash that names none of them makes libvirt refuse the call. A string value with a NUL byte
is refused. The C<$flags> (C<AFFECT_LIVE>, C<AFFECT_CONFIG>) apply to both steps. The keys
of each method are listed under L</CONSTANTS>, in the group named after it. A setter given
something other than a hash reference dies with C<... newparams is not a HASH reference>.

=over 4

=item my $params = $dom->get_memory_parameters($flags = 0), $dom->set_memory_parameters(\%params, $flags = 0)

Memory limits in KiB (C<hard_limit>, C<soft_limit>, C<swap_hard_limit>, C<min_guarantee>:
L</"MEMORY PARAMETERS">). "Unlimited" is 9007199254740991.

=item my $params = $dom->get_blkio_parameters($flags = 0), $dom->set_blkio_parameters(\%params, $flags = 0)

The block I/O weight and the per-device limits (C<weight>, C<device_weight>,
C<device_read_iops_sec> and so on; the per-device values are strings such as
C<"/dev/sda,500">: L</"BLOCK I/O PARAMETERS">).

=item my $params = $dom->get_numa_parameters($flags = 0), $dom->set_numa_parameters(\%params, $flags = 0)

The NUMA memory policy: C<numa_mode> (a C<NUMATUNE_MEM_*> constant) and C<numa_nodeset>
(such as C<"0-1">): L</"NUMA PARAMETERS">.

=item my $params = $dom->get_block_iotune($disk, $flags = 0), $dom->set_block_iotune($disk, \%params, $flags = 0)

I/O throttling of one disk: C<total_bytes_sec>, C<read_iops_sec>, their C<_max> and
C<_max_length> forms, C<size_iops_sec> and C<group_name> (L</"DISK THROTTLING">).

=item my $params = $dom->get_interface_parameters($intf, $flags = 0), $dom->set_interface_parameters($intf, \%params, $flags = 0)

Bandwidth limits of one network interface (by device name or MAC address):
C<inbound.average>, C<inbound.peak>, C<inbound.burst>, C<inbound.floor> and the same for
C<outbound> (L</"NETWORK INTERFACE PARAMETERS">).

=item my $events = $dom->get_perf_events($flags = 0), $dom->set_perf_events(\%events, $flags = 0)

Which performance counters the hypervisor collects (C<cmt>, C<cpu_cycles>, ...; the
C<PERF_PARAM_*> constants: L</"PERFORMANCE EVENTS">), each 1 or 0. Set a name to 1 to
enable its counter.

=item $dom->set_iothread($iothread_id, \%params, $flags = 0)

Tunes one I/O thread. The hash may have C<poll_max_ns>, C<poll_grow>, C<poll_shrink>,
C<thread_pool_min> and C<thread_pool_max> (the C<IOTHREAD_PARAM_*> constants:
L</"I/O THREAD PARAMETERS">); other keys are ignored.

=item my $info = $dom->get_launch_security_info($flags = 0)

Launch security details of a confidential guest (AMD SEV): C<sev-measurement> and, on
newer hypervisors, the API version and policy (the C<LAUNCH_SECURITY_SEV_*> constants:
L</"LAUNCH SECURITY">).

=item $dom->set_throttle_group($group, \%params, $flags = 0), $dom->del_throttle_group($group, $flags = 0)

Creates the throttle group named C<$group>, or replaces all of its limits, with the I/O
limits in C<%params> (the keys of C<set_block_iotune>: C<total_bytes_sec>,
C<read_iops_sec_max> and the other C<BLOCK_IOTUNE_*> names; others are ignored). Disks
that name the group in their throttle filters share its limits. C<del_throttle_group>
removes a group that no disk uses any more. C<$flags> take the C<AFFECT_*> constants. Both
need libvirt 11.2.0 or later.

=item $dom->set_launch_security_state(\%params, $flags = 0)

Injects a launch secret into a confidential guest. The hash may have C<sev-secret-header>,
C<sev-secret> (both base64 strings) and C<sev-secret-set-address> (L</"LAUNCH SECURITY">).

=back

=over 4

=item $dom->announce_interface($device, \%params, $flags = 0)

Makes the guest announce its network interfaces (gratuitous ARP and similar packets) so
that switches learn where its MAC addresses are after it moved, for the interface named
C<$device> or, with C<"">, for all of them. C<%params> may set how: C<initial> (the first
delay, in milliseconds), C<max>, C<rounds> and C<step> (the C<ANNOUNCE_INTERFACE_*> names:
L</"INTERFACE ANNOUNCEMENTS">); others are ignored. Needs libvirt 12.5.0 or later.

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

Hands libvirt file descriptors to use, under a name the domain XML refers to (C<< <source
fdgroup="$name"/> >>), with C<FD_ASSOCIATE_*> flags (L</"OTHER FLAGS">). Anything but an
array reference does nothing.

=item my $newdom = $dom->migrate($destconn, \%params, $flags = 0)

=item my $newdom = $dom->migrate($destconn, $flags, $dname, $uri, $bandwidth)

=item my $newdom = $dom->migrate2($destconn, $dxml, $flags, $dname, $uri, $bandwidth)

Moves the domain to the host of the connection C<$destconn> and returns it there. The
parameter hash takes the C<MIGRATE_PARAM_*> names (C<migrate_uri>, C<destination_name>,
C<destination_xml>, C<bandwidth>, C<listen_address>, C<compression>,
C<parallel.connections> and the rest); C<migrate_disks> is an array reference of disk
targets (anything else dies: see L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">). The
other forms build such a hash from their arguments (L</"MIGRATION PARAMETERS">). C<$flags>
takes the C<MIGRATE_*> constants (L</"MIGRATION FLAGS">).

=item $dom->migrate_to_uri($desturi, \%params, $flags = 0)

=item $dom->migrate_to_uri($desturi, $flags, $dname, $uri, $bandwidth)

=item $dom->migrate_to_uri2($desturi, $dxml, $flags, $dname, $uri, $bandwidth)

The same, to a destination named by URI (with C<MIGRATE_PEER2PEER>, a libvirt URI; else a
hypervisor URI); nothing is returned. C<migrate_to_uri2> works, unlike the XS module's
(see L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

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
but an array reference dies with C<... mountPointsSV is not an ARRAY reference> (see
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=item my @ifaces = $dom->get_interface_addresses($source, $flags = 0)

The guest's network interfaces: hash references with C<name>, C<hwaddr> (when known) and
C<addrs>, an array reference of C<< { type => ..., addr => ..., prefix => ... } >>
(C<type> is C<Sys::Virt::IP_ADDR_TYPE_IPV4> or C<IP_ADDR_TYPE_IPV6>). C<$source> is an
C<INTERFACE_ADDRESSES_SRC_*> constant: the DHCP leases, the agent or the ARP table
(L</"GUEST AGENT AND CLOCK FLAGS">).

=item my $info = $dom->get_guest_info($types = 0, $flags = 0)

What the agent knows about the guest (users, OS, time zone, host name, file systems,
disks, interfaces, picked by the C<GUEST_INFO_*> bits of C<$types>; 0 for all:
L</"GUEST INFORMATION">) as one flat hash reference with libvirt's dotted names (C<os.id>,
C<user.count>, C<fs.0.name>, ...).

=item my $info = $dom->get_guest_vcpus($flags = 0)

The guest's view of its CPUs: C<vcpus>, C<online> and C<offlinable> (CPU lists such as
C<"0-3">).

=item my @keys = $dom->authorized_ssh_keys_get($user, $flags = 0), $dom->authorized_ssh_keys_set($user, \@keys, $flags = 0)

Reads or changes a guest user's F<authorized_keys>. C<$flags> take the
C<AUTHORIZED_SSH_KEYS_SET_*> constants (append, remove:
L</"GUEST AGENT AND CLOCK FLAGS">). Anything but an array reference of keys dies with a
message saying so (see L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=item $dom->send_key($codeset, $holdtime, \@keycodes, $flags = 0)

Presses and releases keys on the guest's keyboard (up to 16), C<$holdtime> milliseconds
long, in the C<KEYCODE_SET_*> code set (L</"KEYS AND SIGNALS">). Anything but an array
reference sends nothing.

=item my ($seconds, $nanoseconds) = @{ $dom->get_time($flags = 0) }

The guest's clock, as an array reference of seconds since the epoch and nanoseconds.

=item my @messages = $dom->get_messages($flags = 0)

Warnings libvirt keeps about the domain (tainting, deprecated configuration), picked by
the C<MESSAGE_*> flags (L</"OTHER FLAGS">).

=item $dom->start_dirty_rate_calc($seconds, $flags = 0)

Starts measuring how fast the guest writes to its memory, over C<$seconds>; the result is
in C<get_all_domain_stats> (C<dirtyrate.*>). C<$flags> chooses the method, with the
C<DIRTYRATE_MODE_*> constants (L</"OTHER FLAGS">).

=back

=head1 METADATA AND LIFE-CYCLE ACTIONS

=over 4

=item my $text = $dom->get_metadata($type, $uri = undef, $flags = 0)

The domain's title, description, or (for C<METADATA_ELEMENT>) the custom XML element in
the namespace C<$uri>. Dies with C<Sys::Virt::Error::ERR_NO_DOMAIN_METADATA> when there is
none. C<$type> is a C<METADATA_*> constant (L</METADATA>).

=item $dom->set_metadata($type, $metadata = undef, $key = undef, $uri = undef, $flags = 0)

Sets (or with C<undef> removes) that metadata; a custom element needs a namespace prefix
C<$key> and its C<$uri>.

=item $dom->set_lifecycle_action($type, $action, $flags = 0)

What the hypervisor does when the guest powers off, reboots or crashes (C<$type>, a
C<LIFECYCLE_*> constant): C<LIFECYCLE_ACTION_*> (L</"LIFE-CYCLE ACTIONS">).

=back

=head1 LOW-LEVEL ACCESS AND BLOCK JOBS

=over 4

=item my $bytes = $dom->block_peek($path, $offset, $size, $flags = 0)

=item my $bytes = $dom->memory_peek($offset, $size, $flags = 0)

C<$size> bytes of a disk image, or of the guest's memory (C<MEMORY_VIRTUAL> or
C<MEMORY_PHYSICAL> addresses: L</"MEMORY PEEK">), from C<$offset>. The offset is converted
to a 32-bit unsigned number, as in the XS module. A size above 1 GiB is refused with a
message (see L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">).

=item $dom->block_commit($path, $base, $top, $bandwidth, $flags = 0)

Merges the layers of a disk's backing chain from C<$top> down into C<$base> (C<undef> for
the active layer and its immediate backing file). Follow it with C<get_block_job_info>.

=item $dom->block_rebase($path, $base, $bandwidth, $flags = 0)

Pulls the backing chain above C<$base> (C<undef>: all of it) into the active layer, or with
C<BLOCK_REBASE_COPY> copies the disk to a new image.

=item $dom->block_copy($path, $destxml, \%params, $flags = 0)

Copies a disk to the destination a C<< <disk> >> document describes, keeping the copy in
step until the job is ended. The hash may have C<bandwidth>, C<granularity> and
C<buf-size> (the C<BLOCK_COPY_*> constants: L</"BLOCK JOBS">).

=back

=head1 SNAPSHOTS

=over 4

=item my $snap = $dom->create_snapshot($xml, $flags = 0), my $snap = $dom->get_snapshot_by_name($name)

=item my $snap = $dom->current_snapshot($flags = 0)

=item my @snaps = $dom->list_snapshots(), my @snaps = $dom->list_all_snapshots($flags = 0)

See L<Sys::Virt::DomainSnapshot>.

=back

=head1 QEMU AND LXC

These methods come from libvirt's QEMU and LXC libraries (C<libvirt-qemu.so.0>,
C<libvirt-lxc.so.0>), which the module loads when it starts, without linking them: where
one is missing, its methods die with a L<Sys::Virt::Error> of code 3 (not supported) that
names the function and the library, and the rest of the module works. They are not part
of the XS Sys::Virt.

=over 4

=item my $reply = $dom->qemu_monitor_command($cmd, $flags = 0)

Sends a command to the QEMU monitor of a running QEMU guest and returns QEMU's reply as
text: a QMP command in JSON (C<{"execute":"query-status"}>, reply
C<{"return":{...},"id":"..."}>), or, with C<$flags> C<QEMU_MONITOR_COMMAND_HMP>, a human
monitor command (C<info version>). Commands that change what libvirt keeps track of can
confuse it: libvirt marks the guest as tainted.

=item my ($reply, @fhs) = $dom->qemu_monitor_command_with_files($cmd, \@files, $flags = 0)

As C<qemu_monitor_command>, passing file descriptors along with the command (QMP's
C<getfd> and C<add-fd> take one): C<@files> holds Perl file handles or descriptor
numbers, which stay the caller's. Returns the reply, then a Perl file handle for each
descriptor QEMU passed back (libvirt's QEMU driver passes none so far).

=item my $reply = $dom->qemu_agent_command($cmd, $timeout, $flags = 0)

Sends a command in JSON to the QEMU guest agent in the guest (C<{"execute":"guest-ping"}>)
and returns its reply. C<$timeout> is in seconds, or one of C<QEMU_AGENT_COMMAND_BLOCK>
(wait for ever), C<QEMU_AGENT_COMMAND_DEFAULT> (libvirt's timeout),
C<QEMU_AGENT_COMMAND_NOWAIT> and C<QEMU_AGENT_COMMAND_SHUTDOWN> (60 s). A guest without
an agent channel dies with error 74 (argument unsupported: "QEMU guest agent is not
configured"); an agent that does not answer, with error 86 (agent unresponsive).

=item my @fhs = $dom->lxc_open_namespace($flags = 0)

Opens the namespaces of a running LXC container and returns them as Perl file handles
(read-only), one per namespace, closed when they are freed (or closed). C<fileno> gives
their descriptors.

=item my @old = $dom->lxc_enter_namespace(\@fhs, $flags = 0)

Moves the calling process into the namespaces given (file handles from
C<lxc_open_namespace>, or descriptor numbers), and returns file handles on the namespaces
it was in before.

=item my $oldlabel = $dom->lxc_enter_security_label(\%model, \%label, $flags = 0)

Gives the calling process the security label C<%label> (as C<get_security_label> returns
it, C<label> and C<enforcing>) of the security model C<%model> (as
C<< $conn->get_node_security_model >> returns it, C<model> and C<doi>): SELinux labels
the next C<exec>, AppArmor changes the profile at once. Returns the label the process had,
as such a hash. The domain is not used.

=item $dom->lxc_enter_cgroup($flags = 0)

Moves the whole calling process into the cgroups of the LXC container (those of its init
process, whose ID is the domain's ID).

=back

The three C<lxc_enter_*> calls change the process that makes them, and in a process with
several threads some of those changes would apply to the calling thread only, or be
refused (entering a mount namespace). So they run only in a process with a single thread,
and otherwise die without changing anything. Use them as C<virsh lxc-enter-namespace>
does: gather what they need (the namespaces, the model and the label) first, then C<fork>,
and call them in the child, which goes on to run (or C<exec>) what is to run in the
container:

  my @ns = $dom->lxc_open_namespace;
  my $model = $conn->get_node_security_model;
  my $label = $dom->get_security_label;
  my $pid = fork // die "fork: $!";
  if (!$pid) {
      $dom->lxc_enter_namespace(\@ns);
      $dom->lxc_enter_security_label($model, $label) if $model->{model} ne '';
      exec @command or POSIX::_exit(127);
  }
  waitpid $pid, 0;

libvirt's LXC driver could not be run where this module is tested (Debian 12 in a VM
with a hybrid cgroup layout: the container fails to start with "Unable to create directory
/sys/fs/cgroup/unified"), so these calls are tested there only for their errors and
refusals, and for the conversion of descriptors into file handles with a stand-in library.

=head1 CONSTANTS

Each constant is a sub with an empty prototype, so Perl folds its value into the code that
uses it. Call it by its full name, as in C<Sys::Virt::Domain::STATE_RUNNING>; names and
values are those of the XS module. The groups below follow the methods that take or return
them. Most integers are flags, to be combined with C<|>; the strings are the names of
typed parameters and statistics.

=head2 DOMAIN STATES

What a domain is doing: the C<state> of C<get_info>, the first value of C<get_state>, and
C<state.state> in L<Sys::Virt/get_all_domain_stats>.

=over 4

=item Sys::Virt::Domain::STATE_NOSTATE

No state is known.

=item Sys::Virt::Domain::STATE_RUNNING

Running on the host's CPUs.

=item Sys::Virt::Domain::STATE_BLOCKED

Waiting for a resource, such as I/O.

=item Sys::Virt::Domain::STATE_PAUSED

Paused: its virtual CPUs do not run.

=item Sys::Virt::Domain::STATE_SHUTDOWN

Shutting down.

=item Sys::Virt::Domain::STATE_SHUTOFF

Not running.

=item Sys::Virt::Domain::STATE_CRASHED

Stopped after a crash.

=item Sys::Virt::Domain::STATE_PMSUSPENDED

Suspended by the guest's own power management.

=back

=head2 STATE REASONS

Why a domain is in its state: the second value of C<get_state> (its only value in scalar
context) and C<state.reason> in the domain statistics. Each state has its own list, named
after it; the same number means different things in different states.

=head3 Reasons for STATE_NOSTATE

=over 4

=item Sys::Virt::Domain::STATE_NOSTATE_UNKNOWN

No reason is known.

=back

=head3 Reasons for STATE_RUNNING

=over 4

=item Sys::Virt::Domain::STATE_RUNNING_UNKNOWN

No reason is known.

=item Sys::Virt::Domain::STATE_RUNNING_BOOTED

It was booted.

=item Sys::Virt::Domain::STATE_RUNNING_MIGRATED

It arrived by migration from another host.

=item Sys::Virt::Domain::STATE_RUNNING_RESTORED

It was restored from a file written by C<save>.

=item Sys::Virt::Domain::STATE_RUNNING_FROM_SNAPSHOT

It was started from a snapshot.

=item Sys::Virt::Domain::STATE_RUNNING_UNPAUSED

It was paused and was resumed.

=item Sys::Virt::Domain::STATE_RUNNING_MIGRATION_CANCELED

A migration away from here was cancelled, and it carries on here.

=item Sys::Virt::Domain::STATE_RUNNING_SAVE_CANCELED

A save failed, and it carries on.

=item Sys::Virt::Domain::STATE_RUNNING_WAKEUP

It woke up from a power-management suspension.

=item Sys::Virt::Domain::STATE_RUNNING_CRASHED

It crashed and was allowed to run on.

=item Sys::Virt::Domain::STATE_RUNNING_POSTCOPY

It runs on the destination of a migration still in post-copy mode.

=item Sys::Virt::Domain::STATE_RUNNING_POSTCOPY_FAILED

It runs, but its post-copy migration failed.

=back

=head3 Reasons for STATE_BLOCKED

=over 4

=item Sys::Virt::Domain::STATE_BLOCKED_UNKNOWN

No reason is known.

=back

=head3 Reasons for STATE_PAUSED

=over 4

=item Sys::Virt::Domain::STATE_PAUSED_UNKNOWN

No reason is known.

=item Sys::Virt::Domain::STATE_PAUSED_USER

Someone paused it (C<suspend>).

=item Sys::Virt::Domain::STATE_PAUSED_MIGRATION

It is being migrated offline.

=item Sys::Virt::Domain::STATE_PAUSED_SAVE

It is being saved to a file.

=item Sys::Virt::Domain::STATE_PAUSED_DUMP

Its memory is being dumped.

=item Sys::Virt::Domain::STATE_PAUSED_IOERROR

A disk had an I/O error.

=item Sys::Virt::Domain::STATE_PAUSED_WATCHDOG

Its watchdog fired.

=item Sys::Virt::Domain::STATE_PAUSED_FROM_SNAPSHOT

It was restored from a snapshot taken while paused.

=item Sys::Virt::Domain::STATE_PAUSED_SHUTTING_DOWN

It is shutting down.

=item Sys::Virt::Domain::STATE_PAUSED_SNAPSHOT

A snapshot is being taken.

=item Sys::Virt::Domain::STATE_PAUSED_CRASHED

The guest crashed.

=item Sys::Virt::Domain::STATE_PAUSED_STARTING_UP

It is paused while it starts up.

=item Sys::Virt::Domain::STATE_PAUSED_POSTCOPY

It is the source of a migration in post-copy mode.

=item Sys::Virt::Domain::STATE_PAUSED_POSTCOPY_FAILED

It was the source of a post-copy migration that failed.

=item Sys::Virt::Domain::STATE_PAUSED_API_ERROR

A call that pauses the domain for its work (a migration, a snapshot) could not resume it
afterwards.

=back

=head3 Reasons for STATE_SHUTDOWN

=over 4

=item Sys::Virt::Domain::STATE_SHUTDOWN_UNKNOWN

No reason is known.

=item Sys::Virt::Domain::STATE_SHUTDOWN_USER

Someone asked it to shut down.

=back

=head3 Reasons for STATE_SHUTOFF

=over 4

=item Sys::Virt::Domain::STATE_SHUTOFF_UNKNOWN

No reason is known.

=item Sys::Virt::Domain::STATE_SHUTOFF_SHUTDOWN

It shut down.

=item Sys::Virt::Domain::STATE_SHUTOFF_DESTROYED

It was stopped by C<destroy>.

=item Sys::Virt::Domain::STATE_SHUTOFF_CRASHED

It crashed.

=item Sys::Virt::Domain::STATE_SHUTOFF_MIGRATED

It was migrated to another host.

=item Sys::Virt::Domain::STATE_SHUTOFF_SAVED

It was saved to a file.

=item Sys::Virt::Domain::STATE_SHUTOFF_FAILED

It failed to start.

=item Sys::Virt::Domain::STATE_SHUTOFF_FROM_SNAPSHOT

It was reverted to a snapshot taken while it was off.

=item Sys::Virt::Domain::STATE_SHUTOFF_DAEMON

The libvirt daemon stopped it while reconnecting to it after a restart.

=back

=head3 Reasons for STATE_CRASHED

=over 4

=item Sys::Virt::Domain::STATE_CRASHED_UNKNOWN

No reason is known.

=item Sys::Virt::Domain::STATE_CRASHED_PANICKED

The guest kernel panicked.

=back

=head3 Reasons for STATE_PMSUSPENDED

=over 4

=item Sys::Virt::Domain::STATE_PMSUSPENDED_UNKNOWN

No reason is known.

=item Sys::Virt::Domain::STATE_PMSUSPENDED_DISK_UNKNOWN

No reason is known; the guest is suspended to disk.

=back

=head2 CONTROL STATES

The C<state> of C<get_control_info>: whether libvirt can act on the domain now.

=over 4

=item Sys::Virt::Domain::CONTROL_OK

Ready for commands.

=item Sys::Virt::Domain::CONTROL_JOB

A background job runs (follow it with C<get_job_info>); only some commands are allowed.

=item Sys::Virt::Domain::CONTROL_OCCUPIED

A command is running.

=item Sys::Virt::Domain::CONTROL_ERROR

libvirt cannot control the domain fully; C<details> holds one of the
C<CONTROL_ERROR_REASON_*> values below.

=item Sys::Virt::Domain::CONTROL_ERROR_REASON_NONE

The hypervisor gave no reason.

=item Sys::Virt::Domain::CONTROL_ERROR_REASON_UNKNOWN

The reason is not known.

=item Sys::Virt::Domain::CONTROL_ERROR_REASON_MONITOR

The connection to the hypervisor's monitor is broken.

=item Sys::Virt::Domain::CONTROL_ERROR_REASON_INTERNAL

libvirt failed internally.

=back

=head2 XML DESCRIPTION FLAGS

For C<$flags> of C<get_xml_description>.

=over 4

=item Sys::Virt::Domain::XML_SECURE

Include what is secret, such as passwords of graphics servers.

=item Sys::Virt::Domain::XML_INACTIVE

Describe the persistent definition, not the running domain.

=item Sys::Virt::Domain::XML_UPDATE_CPU

Fill in the guest CPU from the host CPU, as the guest would get it.

=item Sys::Virt::Domain::XML_MIGRATABLE

Describe the domain as a migration would carry it to another host.

=back

=head2 START AND DEFINE FLAGS

For C<$flags> of C<create>, C<create_with_files> and the connection's
L<Sys::Virt/create_domain> and L<Sys::Virt/create_domain_with_files>; C<DEFINE_VALIDATE>
for L<Sys::Virt/define_domain>.

=over 4

=item Sys::Virt::Domain::START_PAUSED

Start with the virtual CPUs paused.

=item Sys::Virt::Domain::START_AUTODESTROY

Destroy the domain when the connection that started it closes.

=item Sys::Virt::Domain::START_BYPASS_CACHE

Read a managed save image without filling the host's file cache.

=item Sys::Virt::Domain::START_FORCE_BOOT

Boot afresh, discarding a managed save image.

=item Sys::Virt::Domain::START_VALIDATE

Check the XML against libvirt's schema first.

=item Sys::Virt::Domain::START_RESET_NVRAM

Start with the UEFI variable store copied anew from its template.

=item Sys::Virt::Domain::DEFINE_VALIDATE

Check the XML against libvirt's schema first.

=back

=head2 STOPPING AND REMOVING

C<DESTROY_*> for C<destroy>, C<SHUTDOWN_*> for C<shutdown>, C<REBOOT_*> for C<reboot>,
C<UNDEFINE_*> for C<undefine>. The C<SHUTDOWN_*> and C<REBOOT_*> values may be combined;
the hypervisor then picks one of the ways asked for.

=over 4

=item Sys::Virt::Domain::DESTROY_DEFAULT

Stop the domain by force (its unwritten data may be lost).

=item Sys::Virt::Domain::DESTROY_GRACEFUL

Only ask the hypervisor process to end (SIGTERM), never kill it.

=item Sys::Virt::Domain::DESTROY_REMOVE_LOGS

Also remove the domain's log files.

=item Sys::Virt::Domain::SHUTDOWN_DEFAULT

Let the hypervisor choose how to ask the guest.

=item Sys::Virt::Domain::SHUTDOWN_ACPI_POWER_BTN

Press the virtual ACPI power button.

=item Sys::Virt::Domain::SHUTDOWN_GUEST_AGENT

Ask the guest agent.

=item Sys::Virt::Domain::SHUTDOWN_INITCTL

Ask the container's init through its control channel.

=item Sys::Virt::Domain::SHUTDOWN_SIGNAL

Send a signal to the container's init.

=item Sys::Virt::Domain::SHUTDOWN_PARAVIRT

Use the paravirtual shutdown request.

=item Sys::Virt::Domain::REBOOT_DEFAULT

Let the hypervisor choose how to ask the guest.

=item Sys::Virt::Domain::REBOOT_ACPI_POWER_BTN

Press the virtual ACPI power button.

=item Sys::Virt::Domain::REBOOT_GUEST_AGENT

Ask the guest agent.

=item Sys::Virt::Domain::REBOOT_INITCTL

Ask the container's init through its control channel.

=item Sys::Virt::Domain::REBOOT_SIGNAL

Send a signal to the container's init.

=item Sys::Virt::Domain::REBOOT_PARAVIRT

Use the paravirtual reboot request.

=item Sys::Virt::Domain::UNDEFINE_MANAGED_SAVE

Also remove the managed save image.

=item Sys::Virt::Domain::UNDEFINE_SNAPSHOTS_METADATA

Also remove the snapshots' metadata (the domain cannot be undefined while snapshots have
metadata, without this flag).

=item Sys::Virt::Domain::UNDEFINE_NVRAM

Also remove the UEFI variable store.

=item Sys::Virt::Domain::UNDEFINE_KEEP_NVRAM

Keep the UEFI variable store.

=item Sys::Virt::Domain::UNDEFINE_CHECKPOINTS_METADATA

Also remove the checkpoints' metadata.

=item Sys::Virt::Domain::UNDEFINE_TPM

Also remove the emulated TPM's state.

=item Sys::Virt::Domain::UNDEFINE_KEEP_TPM

Keep the emulated TPM's state.

=back

=head2 SAVE AND RESTORE

C<SAVE_*> flags are for C<save>, C<managed_save>, C<managed_save_define_xml>,
L<Sys::Virt/restore_domain> and L<Sys::Virt/define_save_image_xml>;
C<SAVE_IMAGE_XML_SECURE> for C<managed_save_get_xml_description> and
L<Sys::Virt/get_save_image_xml_description>. The C<SAVE_PARAM_*> strings are the keys of
the parameter hash that C<save> and L<Sys::Virt/restore_domain> take.

=over 4

=item Sys::Virt::Domain::SAVE_BYPASS_CACHE

Write (or read) the image without filling the host's file cache.

=item Sys::Virt::Domain::SAVE_RUNNING

Resume the domain running when it is restored, whatever the image says.

=item Sys::Virt::Domain::SAVE_PAUSED

Restore the domain paused, whatever the image says.

=item Sys::Virt::Domain::SAVE_RESET_NVRAM

On restore, copy the UEFI variable store anew from its template.

=item Sys::Virt::Domain::SAVE_IMAGE_XML_SECURE

Include secret parts, such as passwords, in the XML.

=item Sys::Virt::Domain::SAVE_PARAM_FILE

C<file>: the file to save to or restore from.

=item Sys::Virt::Domain::SAVE_PARAM_DXML

C<dxml>: a replacement domain XML, for the parts that depend on the host (such as disk
paths); it must describe the same guest.

=item Sys::Virt::Domain::SAVE_PARAM_IMAGE_FORMAT

C<image_format>: the format of the image, one of the C<SAVE_PARAM_IMAGE_FORMAT_*> values
below (the default comes from the hypervisor's configuration).

=item Sys::Virt::Domain::SAVE_PARAM_IMAGE_FORMAT_RAW

C<raw>: an image format: plain, uncompressed.

=item Sys::Virt::Domain::SAVE_PARAM_IMAGE_FORMAT_SPARSE

C<sparse>: an image format: uncompressed, in a sparse file.

=item Sys::Virt::Domain::SAVE_PARAM_IMAGE_FORMAT_GZIP

C<gzip>: an image format: compressed with gzip.

=item Sys::Virt::Domain::SAVE_PARAM_IMAGE_FORMAT_BZIP2

C<bzip2>: an image format: compressed with bzip2.

=item Sys::Virt::Domain::SAVE_PARAM_IMAGE_FORMAT_XZ

C<xz>: an image format: compressed with xz.

=item Sys::Virt::Domain::SAVE_PARAM_IMAGE_FORMAT_LZOP

C<lzop>: an image format: compressed with lzop.

=item Sys::Virt::Domain::SAVE_PARAM_IMAGE_FORMAT_ZSTD

C<zstd>: an image format: compressed with zstd.

=item Sys::Virt::Domain::SAVE_PARAM_PARALLEL_CHANNELS

C<parallel.channels>: how many I/O channels a parallel save uses (an integer).

=back

=head2 CORE DUMPS

C<DUMP_*> are flags of C<core_dump> and C<core_dump_format>; C<CORE_DUMP_FORMAT_*> are the
C<$format> of C<core_dump_format>.

=over 4

=item Sys::Virt::Domain::DUMP_CRASH

Leave the domain crashed (stopped) after the dump.

=item Sys::Virt::Domain::DUMP_LIVE

Let the domain run while its memory is dumped.

=item Sys::Virt::Domain::DUMP_BYPASS_CACHE

Write without filling the host's file cache.

=item Sys::Virt::Domain::DUMP_RESET

Reset the domain after the dump.

=item Sys::Virt::Domain::DUMP_MEMORY_ONLY

Dump only the guest's memory, in a format crash tools read (ELF, or a
C<CORE_DUMP_FORMAT_*> format).

=item Sys::Virt::Domain::CORE_DUMP_FORMAT_RAW

Uncompressed (ELF for a C<DUMP_MEMORY_ONLY> dump).

=item Sys::Virt::Domain::CORE_DUMP_FORMAT_KDUMP_ZLIB

kdump format, compressed with zlib.

=item Sys::Virt::Domain::CORE_DUMP_FORMAT_KDUMP_LZO

kdump format, compressed with LZO.

=item Sys::Virt::Domain::CORE_DUMP_FORMAT_KDUMP_SNAPPY

kdump format, compressed with snappy.

=item Sys::Virt::Domain::CORE_DUMP_FORMAT_WIN_DMP

A Windows full crash dump.

=back

=head2 WHICH DEFINITION A CHANGE AFFECTS

Many calls change the running domain, its persistent definition, or both. C<AFFECT_*>
serve the calls that take them (tuning, metadata, pinning, I/O threads, throttle
groups...); the other families mean the same for their own calls. C<*_CURRENT> (0) means
the running domain if it runs, else the persistent definition.

=over 4

=item Sys::Virt::Domain::AFFECT_CURRENT

The domain as it is now: live if it runs, else its definition.

=item Sys::Virt::Domain::AFFECT_LIVE

The running domain.

=item Sys::Virt::Domain::AFFECT_CONFIG

The persistent definition, used from the next start.

=item Sys::Virt::Domain::MEM_CURRENT

For C<set_memory>: as C<AFFECT_CURRENT>.

=item Sys::Virt::Domain::MEM_LIVE

For C<set_memory>: the running domain.

=item Sys::Virt::Domain::MEM_CONFIG

For C<set_memory>: the persistent definition.

=item Sys::Virt::Domain::MEM_MAXIMUM

For C<set_memory>: change the most memory allowed, not the current amount.

=item Sys::Virt::Domain::DEVICE_MODIFY_CURRENT

For C<attach_device>, C<detach_device> and C<update_device>: as C<AFFECT_CURRENT>.

=item Sys::Virt::Domain::DEVICE_MODIFY_LIVE

For the device calls: the running domain.

=item Sys::Virt::Domain::DEVICE_MODIFY_CONFIG

For the device calls: the persistent definition.

=item Sys::Virt::Domain::DEVICE_MODIFY_FORCE

For C<update_device>: force the change, such as ejecting a locked CD-ROM.

=item Sys::Virt::Domain::SETVCPU_AFFECT_CURRENT

For C<set_vcpu>: as C<AFFECT_CURRENT>.

=item Sys::Virt::Domain::SETVCPU_AFFECT_LIVE

For C<set_vcpu>: the running domain.

=item Sys::Virt::Domain::SETVCPU_AFFECT_CONFIG

For C<set_vcpu>: the persistent definition.

=item Sys::Virt::Domain::SETVCPU_ASYNC_UNPLUG

For C<set_vcpu>: return without waiting for the guest to release the CPUs it is asked to
unplug.

=back

=head2 VIRTUAL CPUS

C<VCPU_CURRENT>, C<VCPU_LIVE>, C<VCPU_CONFIG> and the flags after them are for
C<set_vcpus> and C<get_vcpus> (and C<VCPU_LIVE>/C<VCPU_CONFIG> also for C<get_vcpu_info>
and the pinning calls). C<VCPU_OFFLINE>, C<VCPU_RUNNING> and C<VCPU_BLOCKED> are the
C<state> of each record of C<get_vcpu_info>; the C<VCPU_INFO_CPU_*> values can stand in
its C<cpu>.

=over 4

=item Sys::Virt::Domain::VCPU_CURRENT

As C<AFFECT_CURRENT>.

=item Sys::Virt::Domain::VCPU_LIVE

The running domain.

=item Sys::Virt::Domain::VCPU_CONFIG

The persistent definition.

=item Sys::Virt::Domain::VCPU_MAXIMUM

The most virtual CPUs allowed, not the number in use.

=item Sys::Virt::Domain::VCPU_GUEST

Count or change the CPUs the guest itself has online (through its agent).

=item Sys::Virt::Domain::VCPU_HOTPLUGGABLE

Make the virtual CPUs that are added removable later.

=item Sys::Virt::Domain::VCPU_ASYNC_UNPLUG

Return without waiting for the guest to release the CPUs it is asked to unplug.

=item Sys::Virt::Domain::VCPU_OFFLINE

The virtual CPU is offline.

=item Sys::Virt::Domain::VCPU_RUNNING

The virtual CPU is running.

=item Sys::Virt::Domain::VCPU_BLOCKED

The virtual CPU waits for a resource.

=item Sys::Virt::Domain::VCPU_INFO_CPU_OFFLINE

libvirt's -1 in C<cpu>: the virtual CPU is offline, so it runs on no host CPU. The
constant holds -1 as an unsigned 64-bit number: test C<< $cpu < 0 >> rather than compare
with it.

=item Sys::Virt::Domain::VCPU_INFO_CPU_UNAVAILABLE

libvirt's -2 in C<cpu>: the hypervisor does not say which host CPU the virtual CPU runs on
(held as an unsigned 64-bit number, as above).

=back

=head2 GUEST AGENT AND CLOCK FLAGS

C<GET_HOSTNAME_*> for C<get_hostname>, C<PASSWORD_ENCRYPTED> for C<set_user_password>,
C<AGENT_RESPONSE_TIMEOUT_*> for C<set_agent_response_timeout>, C<TIME_SYNC> for
C<set_time>, C<AUTHORIZED_SSH_KEYS_SET_*> for C<authorized_ssh_keys_set>,
C<INTERFACE_ADDRESSES_SRC_*> for the C<$source> of C<get_interface_addresses>.

=over 4

=item Sys::Virt::Domain::GET_HOSTNAME_LEASE

Take the name from the DHCP lease of the guest's address.

=item Sys::Virt::Domain::GET_HOSTNAME_AGENT

Ask the guest agent.

=item Sys::Virt::Domain::PASSWORD_ENCRYPTED

The password is already encrypted, as the guest stores it.

=item Sys::Virt::Domain::AGENT_RESPONSE_TIMEOUT_BLOCK

Wait for the agent for ever (libvirt's -2, held as an unsigned 64-bit number).

=item Sys::Virt::Domain::AGENT_RESPONSE_TIMEOUT_DEFAULT

Wait as long as libvirt does by default (libvirt's -1, held as an unsigned 64-bit number).

=item Sys::Virt::Domain::AGENT_RESPONSE_TIMEOUT_NOWAIT

Do not wait: fail at once if the agent does not answer.

=item Sys::Virt::Domain::TIME_SYNC

Set the guest's clock from its own real-time clock, ignoring the time given.

=item Sys::Virt::Domain::AUTHORIZED_SSH_KEYS_SET_APPEND

Add the keys to the file instead of replacing its content.

=item Sys::Virt::Domain::AUTHORIZED_SSH_KEYS_SET_REMOVE

Remove the keys from the file instead of adding them.

=item Sys::Virt::Domain::INTERFACE_ADDRESSES_SRC_LEASE

Read the addresses from the DHCP leases of libvirt's networks.

=item Sys::Virt::Domain::INTERFACE_ADDRESSES_SRC_AGENT

Ask the guest agent.

=item Sys::Virt::Domain::INTERFACE_ADDRESSES_SRC_ARP

Read the host's ARP table.

=back

=head2 METADATA

The C<$type> of C<get_metadata> and C<set_metadata>, and the C<$type> an
C<EVENT_ID_METADATA_CHANGE> event reports.

=over 4

=item Sys::Virt::Domain::METADATA_DESCRIPTION

The C<< <description> >> of the domain, free text.

=item Sys::Virt::Domain::METADATA_TITLE

The C<< <title> >> of the domain, one short line.

=item Sys::Virt::Domain::METADATA_ELEMENT

An element of the C<< <metadata> >> section, in the XML namespace of an application.

=back

=head2 LIFE-CYCLE ACTIONS

For C<set_lifecycle_action>: C<LIFECYCLE_*> is the C<$type>, the event the guest causes;
C<LIFECYCLE_ACTION_*> is the C<$action>, what the hypervisor then does. Not every action
is allowed for every event.

=over 4

=item Sys::Virt::Domain::LIFECYCLE_POWEROFF

The guest powers itself off.

=item Sys::Virt::Domain::LIFECYCLE_REBOOT

The guest reboots.

=item Sys::Virt::Domain::LIFECYCLE_CRASH

The guest crashes.

=item Sys::Virt::Domain::LIFECYCLE_ACTION_DESTROY

Stop the domain and free what it used.

=item Sys::Virt::Domain::LIFECYCLE_ACTION_RESTART

Stop the domain and start it again with the same configuration.

=item Sys::Virt::Domain::LIFECYCLE_ACTION_RESTART_RENAME

Stop the domain and start it again under a new name.

=item Sys::Virt::Domain::LIFECYCLE_ACTION_PRESERVE

Stop the guest but keep its resources, for inspection.

=item Sys::Virt::Domain::LIFECYCLE_ACTION_COREDUMP_DESTROY

Dump the guest's memory, then act as C<DESTROY>.

=item Sys::Virt::Domain::LIFECYCLE_ACTION_COREDUMP_RESTART

Dump the guest's memory, then act as C<RESTART>.

=item Sys::Virt::Domain::LIFECYCLE_ACTION_PRESERVE_RUNNING

Leave the crashed guest running as it is, for guests that write their own crash dump and
reboot (for C<LIFECYCLE_CRASH>).

=back

=head2 CONSOLES, CHANNELS AND GRAPHICS

C<OPEN_CONSOLE_*> for C<open_console>, C<OPEN_CHANNEL_FORCE> for C<open_channel>,
C<OPEN_GRAPHICS_SKIPAUTH> for C<open_graphics> and C<open_graphics_fd>,
C<GRAPHICS_RELOAD_TYPE_*> for the C<$type> of C<graphics_reload>.

=over 4

=item Sys::Virt::Domain::OPEN_CONSOLE_FORCE

Take the console over from another client that has it open.

=item Sys::Virt::Domain::OPEN_CONSOLE_SAFE

Fail unless the driver can guarantee that two clients never use the console at once.

=item Sys::Virt::Domain::OPEN_CHANNEL_FORCE

Take the channel over from another client that has it open.

=item Sys::Virt::Domain::OPEN_GRAPHICS_SKIPAUTH

Let the client in without the graphics server's authentication.

=item Sys::Virt::Domain::GRAPHICS_RELOAD_TYPE_ANY

Reload every graphics server of the domain.

=item Sys::Virt::Domain::GRAPHICS_RELOAD_TYPE_VNC

Reload the VNC servers only.

=back

=head2 KEYS AND SIGNALS

C<KEYCODE_SET_*> name the code set of the key codes given to C<send_key>, which takes at
most C<SEND_KEY_MAX_KEYS> of them. C<PROCESS_SIGNAL_*> are the signals
C<send_process_signal> sends: libvirt's own numbering, the same on every host, which for
most matches Linux on x86.

=over 4

=item Sys::Virt::Domain::KEYCODE_SET_LINUX

Linux input event codes.

=item Sys::Virt::Domain::KEYCODE_SET_XT

IBM XT scan codes.

=item Sys::Virt::Domain::KEYCODE_SET_ATSET1

AT scan code set 1.

=item Sys::Virt::Domain::KEYCODE_SET_ATSET2

AT scan code set 2.

=item Sys::Virt::Domain::KEYCODE_SET_ATSET3

AT scan code set 3.

=item Sys::Virt::Domain::KEYCODE_SET_OSX

macOS virtual key codes.

=item Sys::Virt::Domain::KEYCODE_SET_XT_KBD

XT scan codes as the Linux XT keyboard driver numbers them.

=item Sys::Virt::Domain::KEYCODE_SET_USB

USB HID usage codes.

=item Sys::Virt::Domain::KEYCODE_SET_WIN32

Windows virtual key codes.

=item Sys::Virt::Domain::KEYCODE_SET_QNUM

QEMU's own key numbers, as its monitor takes them.

=item Sys::Virt::Domain::KEYCODE_SET_RFB

The older name of C<KEYCODE_SET_QNUM> (same value).

=item Sys::Virt::Domain::SEND_KEY_MAX_KEYS

The most key codes one C<send_key> call takes (16).

=item Sys::Virt::Domain::PROCESS_SIGNAL_NOP

No signal: only check that the process exists.

=item Sys::Virt::Domain::PROCESS_SIGNAL_HUP

SIGHUP.

=item Sys::Virt::Domain::PROCESS_SIGNAL_INT

SIGINT.

=item Sys::Virt::Domain::PROCESS_SIGNAL_QUIT

SIGQUIT.

=item Sys::Virt::Domain::PROCESS_SIGNAL_ILL

SIGILL.

=item Sys::Virt::Domain::PROCESS_SIGNAL_TRAP

SIGTRAP.

=item Sys::Virt::Domain::PROCESS_SIGNAL_ABRT

SIGABRT.

=item Sys::Virt::Domain::PROCESS_SIGNAL_BUS

SIGBUS.

=item Sys::Virt::Domain::PROCESS_SIGNAL_FPE

SIGFPE.

=item Sys::Virt::Domain::PROCESS_SIGNAL_KILL

SIGKILL.

=item Sys::Virt::Domain::PROCESS_SIGNAL_USR1

SIGUSR1.

=item Sys::Virt::Domain::PROCESS_SIGNAL_SEGV

SIGSEGV.

=item Sys::Virt::Domain::PROCESS_SIGNAL_USR2

SIGUSR2.

=item Sys::Virt::Domain::PROCESS_SIGNAL_PIPE

SIGPIPE.

=item Sys::Virt::Domain::PROCESS_SIGNAL_ALRM

SIGALRM.

=item Sys::Virt::Domain::PROCESS_SIGNAL_TERM

SIGTERM.

=item Sys::Virt::Domain::PROCESS_SIGNAL_STKFLT

SIGSTKFLT (Linux only).

=item Sys::Virt::Domain::PROCESS_SIGNAL_CHLD

SIGCHLD.

=item Sys::Virt::Domain::PROCESS_SIGNAL_CONT

SIGCONT.

=item Sys::Virt::Domain::PROCESS_SIGNAL_STOP

SIGSTOP.

=item Sys::Virt::Domain::PROCESS_SIGNAL_TSTP

SIGTSTP.

=item Sys::Virt::Domain::PROCESS_SIGNAL_TTIN

SIGTTIN.

=item Sys::Virt::Domain::PROCESS_SIGNAL_TTOU

SIGTTOU.

=item Sys::Virt::Domain::PROCESS_SIGNAL_URG

SIGURG.

=item Sys::Virt::Domain::PROCESS_SIGNAL_XCPU

SIGXCPU.

=item Sys::Virt::Domain::PROCESS_SIGNAL_XFSZ

SIGXFSZ.

=item Sys::Virt::Domain::PROCESS_SIGNAL_VTALRM

SIGVTALRM.

=item Sys::Virt::Domain::PROCESS_SIGNAL_PROF

SIGPROF.

=item Sys::Virt::Domain::PROCESS_SIGNAL_WINCH

SIGWINCH (not in POSIX).

=item Sys::Virt::Domain::PROCESS_SIGNAL_POLL

SIGPOLL, which Linux also calls SIGIO.

=item Sys::Virt::Domain::PROCESS_SIGNAL_PWR

SIGPWR (not in POSIX).

=item Sys::Virt::Domain::PROCESS_SIGNAL_SYS

SIGSYS.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT0

The first real-time signal, SIGRTMIN.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT1

Real-time signal SIGRTMIN+1.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT2

Real-time signal SIGRTMIN+2.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT3

Real-time signal SIGRTMIN+3.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT4

Real-time signal SIGRTMIN+4.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT5

Real-time signal SIGRTMIN+5.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT6

Real-time signal SIGRTMIN+6.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT7

Real-time signal SIGRTMIN+7.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT8

Real-time signal SIGRTMIN+8.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT9

Real-time signal SIGRTMIN+9.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT10

Real-time signal SIGRTMIN+10.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT11

Real-time signal SIGRTMIN+11.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT12

Real-time signal SIGRTMIN+12.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT13

Real-time signal SIGRTMIN+13.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT14

Real-time signal SIGRTMIN+14.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT15

Real-time signal SIGRTMIN+15.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT16

Real-time signal SIGRTMIN+16.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT17

Real-time signal SIGRTMIN+17.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT18

Real-time signal SIGRTMIN+18.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT19

Real-time signal SIGRTMIN+19.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT20

Real-time signal SIGRTMIN+20.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT21

Real-time signal SIGRTMIN+21.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT22

Real-time signal SIGRTMIN+22.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT23

Real-time signal SIGRTMIN+23.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT24

Real-time signal SIGRTMIN+24.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT25

Real-time signal SIGRTMIN+25.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT26

Real-time signal SIGRTMIN+26.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT27

Real-time signal SIGRTMIN+27.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT28

Real-time signal SIGRTMIN+28.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT29

Real-time signal SIGRTMIN+29.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT30

Real-time signal SIGRTMIN+30.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT31

Real-time signal SIGRTMIN+31.

=item Sys::Virt::Domain::PROCESS_SIGNAL_RT32

Real-time signal SIGRTMIN+32, the last one (SIGRTMAX).

=back

=head2 MEMORY PEEK

For C<$flags> of C<memory_peek>: how C<$offset> is read. One of the two is needed.

=over 4

=item Sys::Virt::Domain::MEMORY_VIRTUAL

C<$offset> is a virtual address, as the guest's CPU sees it.

=item Sys::Virt::Domain::MEMORY_PHYSICAL

C<$offset> is a physical address of the guest's memory.

=back

=head2 MIGRATION FLAGS

For C<$flags> of C<migrate>, C<migrate2>, C<migrate_to_uri> and C<migrate_to_uri2>.
C<MIGRATE_MAX_SPEED_POSTCOPY> is a flag of C<migrate_get_max_speed> and
C<migrate_set_max_speed>.

=over 4

=item Sys::Virt::Domain::MIGRATE_LIVE

Keep the domain running while its memory is copied.

=item Sys::Virt::Domain::MIGRATE_PEER2PEER

Let the source host's libvirt talk to the destination's directly, instead of through this
client.

=item Sys::Virt::Domain::MIGRATE_TUNNELLED

Carry the migration data over libvirt's own connection (needs C<MIGRATE_PEER2PEER>).

=item Sys::Virt::Domain::MIGRATE_PERSIST_DEST

Make the domain persistent on the destination.

=item Sys::Virt::Domain::MIGRATE_UNDEFINE_SOURCE

Remove the domain's definition from the source once it is migrated.

=item Sys::Virt::Domain::MIGRATE_PAUSED

Leave the domain paused on the destination.

=item Sys::Virt::Domain::MIGRATE_NON_SHARED_DISK

Also copy whole disk images, for storage the hosts do not share.

=item Sys::Virt::Domain::MIGRATE_NON_SHARED_INC

Also copy disk images, only their top layer (the backing files must already be on the
destination).

=item Sys::Virt::Domain::MIGRATE_CHANGE_PROTECTION

Refuse changes to the domain's configuration while it migrates (used anyway where both
hosts support it).

=item Sys::Virt::Domain::MIGRATE_UNSAFE

Migrate even where libvirt thinks it unsafe (such as a disk with caching that could lose
data).

=item Sys::Virt::Domain::MIGRATE_OFFLINE

Move only the definition, of a domain that is not running (needs C<MIGRATE_PERSIST_DEST>).

=item Sys::Virt::Domain::MIGRATE_COMPRESSED

Compress the migration data (see C<MIGRATE_PARAM_COMPRESSION>).

=item Sys::Virt::Domain::MIGRATE_ABORT_ON_ERROR

Cancel the migration if an I/O error happens during it.

=item Sys::Virt::Domain::MIGRATE_AUTO_CONVERGE

Slow the guest's CPUs down if that is needed for the migration to finish.

=item Sys::Virt::Domain::MIGRATE_RDMA_PIN_ALL

With RDMA transport, lock all of the guest's memory in the host's RAM from the start.

=item Sys::Virt::Domain::MIGRATE_POSTCOPY

Allow switching to post-copy mode (C<migrate_start_post_copy>): the domain runs on the
destination while the rest of its memory follows.

=item Sys::Virt::Domain::MIGRATE_TLS

Encrypt the migration data with the hypervisor's TLS setup.

=item Sys::Virt::Domain::MIGRATE_PARALLEL

Send the memory over several connections (see C<MIGRATE_PARAM_PARALLEL_CONNECTIONS>).

=item Sys::Virt::Domain::MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES

When copying disks, write the guest's new writes to the destination at once, so that the
copy is sure to finish.

=item Sys::Virt::Domain::MIGRATE_POSTCOPY_RESUME

Resume a post-copy migration that failed.

=item Sys::Virt::Domain::MIGRATE_ZEROCOPY

Send the memory without copying it in the host, which needs the guest's memory locked in
the host's RAM.

=item Sys::Virt::Domain::MIGRATE_MAX_SPEED_POSTCOPY

Read or set the bandwidth limit of the post-copy phase, instead of the normal one.

=back

=head2 MIGRATION PARAMETERS

Keys of the parameter hash of C<migrate> and C<migrate_to_uri>. Which ones a hypervisor
understands varies; the older argument lists of those methods fill in the first four.

=over 4

=item Sys::Virt::Domain::MIGRATE_PARAM_URI

C<migrate_uri>: the hypervisor's own address for the migration data (such as
C<tcp://host:port>), when it should not be worked out from the destination.

=item Sys::Virt::Domain::MIGRATE_PARAM_DEST_NAME

C<destination_name>: the name the domain takes on the destination.

=item Sys::Virt::Domain::MIGRATE_PARAM_DEST_XML

C<destination_xml>: the domain XML to use on the destination, for what depends on the
host; it must describe the same guest.

=item Sys::Virt::Domain::MIGRATE_PARAM_PERSIST_XML

C<persistent_xml>: the persistent definition to store on the destination, when it should
differ from the live one.

=item Sys::Virt::Domain::MIGRATE_PARAM_BANDWIDTH

C<bandwidth>: the bandwidth limit, in MiB/s.

=item Sys::Virt::Domain::MIGRATE_PARAM_BANDWIDTH_POSTCOPY

C<bandwidth.postcopy>: the bandwidth limit of the post-copy phase, in MiB/s.

=item Sys::Virt::Domain::MIGRATE_PARAM_BANDWIDTH_AVAIL_SWITCHOVER

C<bandwidth.avail.switchover>: the bandwidth, in MiB/s, to count on for the final phase,
while the guest is paused; the hypervisor uses it to estimate the downtime.

=item Sys::Virt::Domain::MIGRATE_PARAM_GRAPHICS_URI

C<graphics_uri>: where graphics clients should reconnect to, on the destination.

=item Sys::Virt::Domain::MIGRATE_PARAM_LISTEN_ADDRESS

C<listen_address>: the address the destination hypervisor listens on for the migration.

=item Sys::Virt::Domain::MIGRATE_PARAM_MIGRATE_DISKS

C<migrate_disks>: the disks to copy (their target names), as an array reference.

=item Sys::Virt::Domain::MIGRATE_PARAM_DISKS_DETECT_ZEROES

C<migrate_disks_detect_zeroes>: the disks whose zero blocks need not be sent, as an array
reference.

=item Sys::Virt::Domain::MIGRATE_PARAM_MIGRATE_DISKS_TARGET_ZERO

C<migrate_disks_target_zero>: the disks whose destination is known to read as zeroes
already, as an array reference.

=item Sys::Virt::Domain::MIGRATE_PARAM_DISK_PORT

C<disks_port>: the port the destination listens on for the disk copy.

=item Sys::Virt::Domain::MIGRATE_PARAM_DISKS_URI

C<disks_uri>: the address (C<tcp://> or C<unix://>) the destination listens on for the
disk copy.

=item Sys::Virt::Domain::MIGRATE_PARAM_COMPRESSION

C<compression>: a compression method (C<xbzrle>, C<mt>, C<zlib>, C<zstd>); with
C<MIGRATE_COMPRESSED>.

=item Sys::Virt::Domain::MIGRATE_PARAM_COMPRESSION_MT_LEVEL

C<compression.mt.level>: the level of C<mt> compression.

=item Sys::Virt::Domain::MIGRATE_PARAM_COMPRESSION_MT_THREADS

C<compression.mt.threads>: how many threads compress, for C<mt>.

=item Sys::Virt::Domain::MIGRATE_PARAM_COMPRESSION_MT_DTHREADS

C<compression.mt.dthreads>: how many threads decompress, for C<mt>.

=item Sys::Virt::Domain::MIGRATE_PARAM_COMPRESSION_XBZRLE_CACHE

C<compression.xbzrle.cache>: the size of the C<xbzrle> page cache, in bytes.

=item Sys::Virt::Domain::MIGRATE_PARAM_ZLIB_LEVEL

C<compression.zlib.level>: the level of C<zlib> compression (0 to 9).

=item Sys::Virt::Domain::MIGRATE_PARAM_ZSTD_LEVEL

C<compression.zstd.level>: the level of C<zstd> compression (0 to 20).

=item Sys::Virt::Domain::MIGRATE_PARAM_AUTO_CONVERGE_INITIAL

C<auto_converge.initial>: the percentage the guest's CPUs are first slowed to, with
C<MIGRATE_AUTO_CONVERGE>.

=item Sys::Virt::Domain::MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT

C<auto_converge.increment>: how many more percent each further slowing takes.

=item Sys::Virt::Domain::MIGRATE_PARAM_PARALLEL_CONNECTIONS

C<parallel.connections>: how many connections C<MIGRATE_PARALLEL> uses.

=item Sys::Virt::Domain::MIGRATE_PARAM_TLS_DESTINATION

C<tls.destination>: the host name to check the destination's TLS certificate against, when
it differs from the one in the URI.

=back

=head2 JOBS

A domain runs at most one background job (a migration, a save, a dump, a backup...).
C<JOB_NONE> to C<JOB_CANCELLED> are the job's type: C<type> in C<get_job_info>, and
C<$$typeref> from C<get_job_stats>. C<JOB_STATS_*> are flags of C<get_job_stats>;
C<DOMAIN_ABORT_JOB_POSTCOPY> is a flag of C<abort_job>.

=over 4

=item Sys::Virt::Domain::JOB_NONE

No job runs.

=item Sys::Virt::Domain::JOB_BOUNDED

A job whose end can be foreseen, with a time remaining.

=item Sys::Virt::Domain::JOB_UNBOUNDED

A job whose end cannot be foreseen.

=item Sys::Virt::Domain::JOB_COMPLETED

The job finished; its statistics are still there.

=item Sys::Virt::Domain::JOB_FAILED

The job failed; its statistics are still there.

=item Sys::Virt::Domain::JOB_CANCELLED

The job was cancelled; its statistics are still there.

=item Sys::Virt::Domain::JOB_STATS_COMPLETED

Report the last job that completed, not the running one.

=item Sys::Virt::Domain::JOB_STATS_KEEP_COMPLETED

With C<JOB_STATS_COMPLETED>: keep those statistics, which reading them otherwise discards.

=item Sys::Virt::Domain::DOMAIN_ABORT_JOB_POSTCOPY

Interrupt a migration in post-copy mode. It cannot be cancelled (neither host has the
whole guest), so it is paused, to be resumed with C<MIGRATE_POSTCOPY_RESUME>.

=back

=head3 Job statistics

Keys of the hash C<get_job_stats> returns, and of the hash the C<EVENT_ID_JOB_COMPLETED>
event gives. Times are in milliseconds, amounts in bytes, unless said otherwise. A job
reports only the keys that apply to it.

=over 4

=item Sys::Virt::Domain::JOB_OPERATION

C<operation>: what started the job: one of the C<JOB_OPERATION_*> values below.

=item Sys::Virt::Domain::JOB_TIME_ELAPSED

C<time_elapsed>: the time since the job started.

=item Sys::Virt::Domain::JOB_TIME_ELAPSED_NET

C<time_elapsed_net>: the same, less the time taken to hand the domain over between the two
hosts of a migration.

=item Sys::Virt::Domain::JOB_TIME_REMAINING

C<time_remaining>: the time still needed, for a C<JOB_BOUNDED> job.

=item Sys::Virt::Domain::JOB_DOWNTIME

C<downtime>: how long the guest is expected to be paused at the end of a migration (once
the migration completed, how long it was).

=item Sys::Virt::Domain::JOB_DOWNTIME_NET

C<downtime_net>: how long the guest was paused, less the hand-over between the hosts.

=item Sys::Virt::Domain::JOB_SETUP_TIME

C<setup_time>: the time a migration spent getting ready, before copying memory.

=item Sys::Virt::Domain::JOB_DATA_TOTAL

C<data_total>: how much there is to transfer in all.

=item Sys::Virt::Domain::JOB_DATA_PROCESSED

C<data_processed>: how much was transferred.

=item Sys::Virt::Domain::JOB_DATA_REMAINING

C<data_remaining>: how much is left to transfer.

=item Sys::Virt::Domain::JOB_MEMORY_TOTAL

C<memory_total>: as C<JOB_DATA_TOTAL>, for the guest's memory only.

=item Sys::Virt::Domain::JOB_MEMORY_PROCESSED

C<memory_processed>: as C<JOB_DATA_PROCESSED>, for the guest's memory only.

=item Sys::Virt::Domain::JOB_MEMORY_REMAINING

C<memory_remaining>: as C<JOB_DATA_REMAINING>, for the guest's memory only.

=item Sys::Virt::Domain::JOB_MEMORY_CONSTANT

C<memory_constant>: how many pages whose bytes were all the same were sent (as one byte
each).

=item Sys::Virt::Domain::JOB_MEMORY_NORMAL

C<memory_normal>: how many pages were sent whole, uncompressed.

=item Sys::Virt::Domain::JOB_MEMORY_NORMAL_BYTES

C<memory_normal_bytes>: the bytes of those pages.

=item Sys::Virt::Domain::JOB_MEMORY_BPS

C<memory_bps>: the rate memory is sent at, in bytes per second.

=item Sys::Virt::Domain::JOB_MEMORY_DIRTY_RATE

C<memory_dirty_rate>: how many pages the guest changes per second.

=item Sys::Virt::Domain::JOB_MEMORY_PAGE_SIZE

C<memory_page_size>: the size of a memory page, to turn page counts into bytes.

=item Sys::Virt::Domain::JOB_MEMORY_ITERATION

C<memory_iteration>: which pass over the guest's memory a live migration is in.

=item Sys::Virt::Domain::JOB_MEMORY_POSTCOPY_REQS

C<memory_postcopy_requests>: how many pages the destination asked for during post-copy.

=item Sys::Virt::Domain::JOB_DISK_TOTAL

C<disk_total>: as C<JOB_DATA_TOTAL>, for the disks only.

=item Sys::Virt::Domain::JOB_DISK_PROCESSED

C<disk_processed>: as C<JOB_DATA_PROCESSED>, for the disks only.

=item Sys::Virt::Domain::JOB_DISK_REMAINING

C<disk_remaining>: as C<JOB_DATA_REMAINING>, for the disks only.

=item Sys::Virt::Domain::JOB_DISK_BPS

C<disk_bps>: the rate disk data is sent at, in bytes per second.

=item Sys::Virt::Domain::JOB_DISK_TEMP_USED

C<disk_temp_used>: the temporary disk space the job uses now.

=item Sys::Virt::Domain::JOB_DISK_TEMP_TOTAL

C<disk_temp_total>: the temporary disk space the job may need.

=item Sys::Virt::Domain::JOB_COMPRESSION_CACHE

C<compression_cache>: the size of the cache used to compress pages sent again.

=item Sys::Virt::Domain::JOB_COMPRESSION_BYTES

C<compression_bytes>: how many compressed bytes were sent.

=item Sys::Virt::Domain::JOB_COMPRESSION_PAGES

C<compression_pages>: how many pages were sent compressed.

=item Sys::Virt::Domain::JOB_COMPRESSION_CACHE_MISSES

C<compression_cache_misses>: how many changed pages were not in the cache, and so could
not be compressed.

=item Sys::Virt::Domain::JOB_COMPRESSION_OVERFLOW

C<compression_overflow>: how many pages were sent uncompressed because compressing them
made them bigger.

=item Sys::Virt::Domain::JOB_AUTO_CONVERGE_THROTTLE

C<auto_converge_throttle>: the percentage the guest's CPUs are slowed to, with
C<MIGRATE_AUTO_CONVERGE>.

=item Sys::Virt::Domain::JOB_VFIO_DATA_TRANSFERRED

C<vfio_data_transferred>: how much the guest's VFIO (assigned) devices transferred.

=item Sys::Virt::Domain::JOB_SUCCESS

C<success>: for a completed job, whether it succeeded (1 or 0).

=item Sys::Virt::Domain::JOB_ERRMSG

C<errmsg>: for a completed job that failed, the error message, if there is one.

=back

=head3 Job operations

The values of the C<JOB_OPERATION> statistic.

=over 4

=item Sys::Virt::Domain::JOB_OPERATION_UNKNOWN

Not known.

=item Sys::Virt::Domain::JOB_OPERATION_START

Starting the domain.

=item Sys::Virt::Domain::JOB_OPERATION_SAVE

Saving it to a file.

=item Sys::Virt::Domain::JOB_OPERATION_RESTORE

Restoring it from a file.

=item Sys::Virt::Domain::JOB_OPERATION_MIGRATION_IN

An incoming migration.

=item Sys::Virt::Domain::JOB_OPERATION_MIGRATION_OUT

An outgoing migration.

=item Sys::Virt::Domain::JOB_OPERATION_SNAPSHOT

Taking a snapshot.

=item Sys::Virt::Domain::JOB_OPERATION_SNAPSHOT_REVERT

Reverting to a snapshot.

=item Sys::Virt::Domain::JOB_OPERATION_DUMP

Dumping its memory.

=item Sys::Virt::Domain::JOB_OPERATION_BACKUP

A backup.

=item Sys::Virt::Domain::JOB_OPERATION_SNAPSHOT_DELETE

Deleting a snapshot.

=back

=head2 BLOCK JOBS

Jobs that work on one disk. C<BLOCK_JOB_TYPE_*> are the C<type> of C<get_block_job_info>
and of the block job events; C<BLOCK_JOB_COMPLETED> to C<BLOCK_JOB_READY> are the
C<$status> of those events. The other flags here belong to the method named with each.

=over 4

=item Sys::Virt::Domain::BLOCK_JOB_TYPE_UNKNOWN

A job of an unknown kind.

=item Sys::Virt::Domain::BLOCK_JOB_TYPE_PULL

A pull (C<block_pull>, or C<block_rebase> without C<BLOCK_REBASE_COPY>); it ends when
done.

=item Sys::Virt::Domain::BLOCK_JOB_TYPE_COPY

A copy (C<block_copy>, or C<block_rebase> with C<BLOCK_REBASE_COPY>); it mirrors the disk
until it is ended.

=item Sys::Virt::Domain::BLOCK_JOB_TYPE_COMMIT

A commit into a lower layer (C<block_commit>); it ends when done.

=item Sys::Virt::Domain::BLOCK_JOB_TYPE_ACTIVE_COMMIT

A commit of the active layer (C<block_commit> with C<BLOCK_COMMIT_ACTIVE>); it mirrors
until it is ended.

=item Sys::Virt::Domain::BLOCK_JOB_TYPE_BACKUP

A backup (C<backup_begin>).

=item Sys::Virt::Domain::BLOCK_JOB_COMPLETED

The job finished.

=item Sys::Virt::Domain::BLOCK_JOB_FAILED

The job failed.

=item Sys::Virt::Domain::BLOCK_JOB_CANCELED

The job was cancelled.

=item Sys::Virt::Domain::BLOCK_JOB_READY

A copy or active commit has caught up: it can now be ended with C<abort_block_job>, with
or without C<BLOCK_JOB_ABORT_PIVOT>.

=item Sys::Virt::Domain::BLOCK_JOB_ABORT_ASYNC

For C<abort_block_job>: return at once; the job's end comes as an event.

=item Sys::Virt::Domain::BLOCK_JOB_ABORT_PIVOT

For C<abort_block_job>: end a ready copy or active commit by switching the disk to the new
image.

=item Sys::Virt::Domain::BLOCK_JOB_SPEED_BANDWIDTH_BYTES

For C<set_block_job_speed>: the bandwidth is in bytes per second, not MiB per second.

=item Sys::Virt::Domain::BLOCK_JOB_INFO_BANDWIDTH_BYTES

For C<get_block_job_info>: report the bandwidth in bytes per second, not MiB per second.

=item Sys::Virt::Domain::BLOCK_PULL_BANDWIDTH_BYTES

For C<block_pull>: the bandwidth is in bytes per second.

=item Sys::Virt::Domain::BLOCK_REBASE_SHALLOW

For C<block_rebase>: with C<BLOCK_REBASE_COPY>, copy only the top layer; the destination
keeps the same backing chain.

=item Sys::Virt::Domain::BLOCK_REBASE_REUSE_EXT

For C<block_rebase>: the destination file exists already.

=item Sys::Virt::Domain::BLOCK_REBASE_COPY_RAW

For C<block_rebase>: the destination is in raw format.

=item Sys::Virt::Domain::BLOCK_REBASE_COPY

For C<block_rebase>: copy the disk to a new image instead of pulling into it.

=item Sys::Virt::Domain::BLOCK_REBASE_RELATIVE

For C<block_rebase>: name the backing files in the new image by relative paths.

=item Sys::Virt::Domain::BLOCK_REBASE_COPY_DEV

For C<block_rebase>: the destination is a block device, not a file.

=item Sys::Virt::Domain::BLOCK_REBASE_BANDWIDTH_BYTES

For C<block_rebase>: the bandwidth is in bytes per second.

=item Sys::Virt::Domain::BLOCK_COMMIT_SHALLOW

For C<block_commit>: with no C<$base>, commit only into the file right below C<$top>.

=item Sys::Virt::Domain::BLOCK_COMMIT_DELETE

For C<block_commit>: delete the files whose content was committed.

=item Sys::Virt::Domain::BLOCK_COMMIT_ACTIVE

For C<block_commit>: allow committing the active layer; the job then stays ready until it
is ended (see C<BLOCK_JOB_READY>).

=item Sys::Virt::Domain::BLOCK_COMMIT_RELATIVE

For C<block_commit>: keep the backing files named by relative paths.

=item Sys::Virt::Domain::BLOCK_COMMIT_BANDWIDTH_BYTES

For C<block_commit>: the bandwidth is in bytes per second.

=item Sys::Virt::Domain::BLOCK_COPY_SHALLOW

For C<block_copy>: copy only the top layer; the destination keeps the same backing chain.

=item Sys::Virt::Domain::BLOCK_COPY_REUSE_EXT

For C<block_copy>: the destination exists already.

=item Sys::Virt::Domain::BLOCK_COPY_TRANSIENT_JOB

For C<block_copy>: the job need not survive a restart of the hypervisor's management, so
it is allowed where such jobs are not possible.

=item Sys::Virt::Domain::BLOCK_COPY_SYNCHRONOUS_WRITES

For C<block_copy>: write the guest's new writes to the destination at once, so that the
copy is sure to catch up.

=item Sys::Virt::Domain::BLOCK_COPY_TARGET_ZEROED

For C<block_copy>: the destination reads as zeroes already, so zeroes need not be written
to it.

=item Sys::Virt::Domain::BLOCK_COPY_BANDWIDTH

C<bandwidth>: a key of C<block_copy>'s hash: the most bandwidth to use, in bytes per
second.

=item Sys::Virt::Domain::BLOCK_COPY_GRANULARITY

C<granularity>: a key of C<block_copy>'s hash: the size, in bytes (a power of two), of the
blocks whose changes are tracked.

=item Sys::Virt::Domain::BLOCK_COPY_BUF_SIZE

C<buf-size>: a key of C<block_copy>'s hash: how many bytes may be on their way to the
destination at once.

=item Sys::Virt::Domain::BLOCK_RESIZE_BYTES

For C<block_resize>: the size is in bytes, not KiB.

=item Sys::Virt::Domain::BLOCK_RESIZE_CAPACITY

For C<block_resize>: grow the disk to the whole of its source (a block device); the size
given must be 0.

=item Sys::Virt::Domain::BLOCK_RESIZE_EXTEND

For C<block_resize>: refuse to make the disk smaller.

=back

=head2 BACKUPS

For C<$flags> of C<backup_begin>.

=over 4

=item Sys::Virt::Domain::BACKUP_BEGIN_REUSE_EXTERNAL

Write to target files that already exist.

=item Sys::Virt::Domain::BACKUP_BEGIN_PRESERVE_SHUTDOWN_DOMAIN

If the guest shuts down during the backup, keep the domain until the backup is over.

=back

=head2 STATISTICS OF ONE DOMAIN

C<BLOCK_STATS_*> are libvirt's names for the counters of C<block_stats>, C<CPU_STATS_*>
the keys of C<get_cpu_stats>, C<MEMORY_STAT_*> libvirt's numbers for the figures of
C<memory_stats> (which gives each under the name said here), C<DISK_ERROR_*> the C<error>
of C<get_disk_errors>.

=over 4

=item Sys::Virt::Domain::BLOCK_STATS_READ_REQ

C<rd_operations>: read requests; C<block_stats> reports them as C<rd_req>.

=item Sys::Virt::Domain::BLOCK_STATS_READ_BYTES

C<rd_bytes>: bytes read.

=item Sys::Virt::Domain::BLOCK_STATS_READ_TOTAL_TIMES

C<rd_total_times>: nanoseconds spent reading.

=item Sys::Virt::Domain::BLOCK_STATS_WRITE_REQ

C<wr_operations>: write requests; C<block_stats> reports them as C<wr_req>.

=item Sys::Virt::Domain::BLOCK_STATS_WRITE_BYTES

C<wr_bytes>: bytes written.

=item Sys::Virt::Domain::BLOCK_STATS_WRITE_TOTAL_TIMES

C<wr_total_times>: nanoseconds spent writing.

=item Sys::Virt::Domain::BLOCK_STATS_FLUSH_REQ

C<flush_operations>: flush requests; C<block_stats> reports them as C<flush_reqs>.

=item Sys::Virt::Domain::BLOCK_STATS_FLUSH_TOTAL_TIMES

C<flush_total_times>: nanoseconds spent flushing.

=item Sys::Virt::Domain::BLOCK_STATS_ERRS

C<errs>: an error count that only some hypervisors (Xen) have.

=item Sys::Virt::Domain::CPU_STATS_CPUTIME

C<cpu_time>: CPU time in all, the guest's and the hypervisor's, in nanoseconds.

=item Sys::Virt::Domain::CPU_STATS_USERTIME

C<user_time>: CPU time spent in user mode, in nanoseconds.

=item Sys::Virt::Domain::CPU_STATS_SYSTEMTIME

C<system_time>: CPU time spent in the kernel, in nanoseconds.

=item Sys::Virt::Domain::CPU_STATS_VCPUTIME

C<vcpu_time>: CPU time of the virtual CPUs alone, in nanoseconds.

=item Sys::Virt::Domain::MEMORY_STAT_SWAP_IN

C<swap_in>: KiB the guest read from its swap.

=item Sys::Virt::Domain::MEMORY_STAT_SWAP_OUT

C<swap_out>: KiB the guest wrote to its swap.

=item Sys::Virt::Domain::MEMORY_STAT_MAJOR_FAULT

C<major_fault>: page faults that needed disk I/O.

=item Sys::Virt::Domain::MEMORY_STAT_MINOR_FAULT

C<minor_fault>: page faults that did not.

=item Sys::Virt::Domain::MEMORY_STAT_UNUSED

C<unused>: KiB the guest does not use at all.

=item Sys::Virt::Domain::MEMORY_STAT_AVAILABLE

C<available>: KiB of memory the guest sees.

=item Sys::Virt::Domain::MEMORY_STAT_ACTUAL_BALLOON

C<actual_balloon>: the balloon's current size, in KiB.

=item Sys::Virt::Domain::MEMORY_STAT_RSS

C<rss>: KiB of host memory the hypervisor process uses (its resident set).

=item Sys::Virt::Domain::MEMORY_STAT_USABLE

C<usable>: KiB the guest could give up without swapping.

=item Sys::Virt::Domain::MEMORY_STAT_LAST_UPDATE

C<last_update>: when the guest last reported, in seconds since the epoch.

=item Sys::Virt::Domain::MEMORY_STAT_DISK_CACHES

C<disk_caches>: KiB the guest could free without I/O (its file caches).

=item Sys::Virt::Domain::MEMORY_STAT_HUGETLB_PGALLOC

C<hugetlb_pgalloc>: huge pages the guest allocated through the balloon.

=item Sys::Virt::Domain::MEMORY_STAT_HUGETLB_PGFAIL

C<hugetlb_pgfail>: huge page allocations that failed.

=item Sys::Virt::Domain::DISK_ERROR_NONE

No error.

=item Sys::Virt::Domain::DISK_ERROR_UNSPEC

An I/O error of no particular kind.

=item Sys::Virt::Domain::DISK_ERROR_NO_SPACE

The storage is full.

=back

=head2 MEMORY PARAMETERS

Keys of C<get_memory_parameters> and C<set_memory_parameters>; the limits are in KiB.

=over 4

=item Sys::Virt::Domain::MEMORY_HARD_LIMIT

C<hard_limit>: the most memory the guest may use.

=item Sys::Virt::Domain::MEMORY_SOFT_LIMIT

C<soft_limit>: the memory the guest is held to when the host runs short.

=item Sys::Virt::Domain::MEMORY_MIN_GUARANTEE

C<min_guarantee>: the memory kept for the guest whatever happens.

=item Sys::Virt::Domain::MEMORY_SWAP_HARD_LIMIT

C<swap_hard_limit>: the most memory and swap together the guest may use (more than
C<MEMORY_HARD_LIMIT>).

=item Sys::Virt::Domain::MEMORY_PARAM_UNLIMITED

The value that means "no limit" (9007199254740991, 2**53-1).

=back

=head2 BLOCK I/O PARAMETERS

Keys of C<get_blkio_parameters> and C<set_blkio_parameters>. The per-device values are
strings of comma-separated pairs, a device path and a number:
C<"/dev/sda,500,/dev/sdb,300">.

=over 4

=item Sys::Virt::Domain::BLKIO_WEIGHT

C<weight>: the share of block I/O the guest gets, relative to others (an integer).

=item Sys::Virt::Domain::BLKIO_DEVICE_WEIGHT

C<device_weight>: the share per device.

=item Sys::Virt::Domain::BLKIO_DEVICE_READ_IOPS

C<device_read_iops_sec>: read operations per second allowed, per device.

=item Sys::Virt::Domain::BLKIO_DEVICE_WRITE_IOPS

C<device_write_iops_sec>: write operations per second allowed, per device.

=item Sys::Virt::Domain::BLKIO_DEVICE_READ_BPS

C<device_read_bytes_sec>: bytes read per second allowed, per device.

=item Sys::Virt::Domain::BLKIO_DEVICE_WRITE_BPS

C<device_write_bytes_sec>: bytes written per second allowed, per device.

=back

=head2 DISK THROTTLING

Keys of C<get_block_iotune> and C<set_block_iotune>, and of the hash of
C<set_throttle_group>. A limit of 0 means none. The C<_max> forms allow bursts above the
limit; their C<_max_length> forms say for how many seconds.

=over 4

=item Sys::Virt::Domain::BLOCK_IOTUNE_TOTAL_BYTES_SEC

C<total_bytes_sec>: bytes per second, reads and writes together.

=item Sys::Virt::Domain::BLOCK_IOTUNE_READ_BYTES_SEC

C<read_bytes_sec>: bytes read per second.

=item Sys::Virt::Domain::BLOCK_IOTUNE_WRITE_BYTES_SEC

C<write_bytes_sec>: bytes written per second.

=item Sys::Virt::Domain::BLOCK_IOTUNE_TOTAL_IOPS_SEC

C<total_iops_sec>: operations per second, reads and writes together.

=item Sys::Virt::Domain::BLOCK_IOTUNE_READ_IOPS_SEC

C<read_iops_sec>: read operations per second.

=item Sys::Virt::Domain::BLOCK_IOTUNE_WRITE_IOPS_SEC

C<write_iops_sec>: write operations per second.

=item Sys::Virt::Domain::BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX

C<total_bytes_sec_max>: the burst limit of C<total_bytes_sec>.

=item Sys::Virt::Domain::BLOCK_IOTUNE_READ_BYTES_SEC_MAX

C<read_bytes_sec_max>: the burst limit of C<read_bytes_sec>.

=item Sys::Virt::Domain::BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX

C<write_bytes_sec_max>: the burst limit of C<write_bytes_sec>.

=item Sys::Virt::Domain::BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX

C<total_iops_sec_max>: the burst limit of C<total_iops_sec>.

=item Sys::Virt::Domain::BLOCK_IOTUNE_READ_IOPS_SEC_MAX

C<read_iops_sec_max>: the burst limit of C<read_iops_sec>.

=item Sys::Virt::Domain::BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX

C<write_iops_sec_max>: the burst limit of C<write_iops_sec>.

=item Sys::Virt::Domain::BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH

C<total_bytes_sec_max_length>: how many seconds a C<total_bytes_sec_max> burst may last.

=item Sys::Virt::Domain::BLOCK_IOTUNE_READ_BYTES_SEC_MAX_LENGTH

C<read_bytes_sec_max_length>: how many seconds a C<read_bytes_sec_max> burst may last.

=item Sys::Virt::Domain::BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX_LENGTH

C<write_bytes_sec_max_length>: how many seconds a C<write_bytes_sec_max> burst may last.

=item Sys::Virt::Domain::BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX_LENGTH

C<total_iops_sec_max_length>: how many seconds a C<total_iops_sec_max> burst may last.

=item Sys::Virt::Domain::BLOCK_IOTUNE_READ_IOPS_SEC_MAX_LENGTH

C<read_iops_sec_max_length>: how many seconds a C<read_iops_sec_max> burst may last.

=item Sys::Virt::Domain::BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH

C<write_iops_sec_max_length>: how many seconds a C<write_iops_sec_max> burst may last.

=item Sys::Virt::Domain::BLOCK_IOTUNE_SIZE_IOPS_SEC

C<size_iops_sec>: the size in bytes that counts as one operation; larger requests count as
several.

=item Sys::Virt::Domain::BLOCK_IOTUNE_GROUP_NAME

C<group_name>: the name of a group of disks that share these limits.

=back

=head2 NUMA PARAMETERS

Keys of C<get_numa_parameters> and C<set_numa_parameters>, and the values of C<numa_mode>.

=over 4

=item Sys::Virt::Domain::NUMA_MODE

C<numa_mode>: how the guest's memory is placed: one of the C<NUMATUNE_MEM_*> values.

=item Sys::Virt::Domain::NUMA_NODESET

C<numa_nodeset>: the host NUMA nodes the guest's memory may come from, such as C<"0-1">.

=item Sys::Virt::Domain::NUMATUNE_MEM_STRICT

Only from those nodes; allocation fails otherwise.

=item Sys::Virt::Domain::NUMATUNE_MEM_PREFERRED

From those nodes first, from others when they are full.

=item Sys::Virt::Domain::NUMATUNE_MEM_INTERLEAVE

Spread across those nodes in turn.

=item Sys::Virt::Domain::NUMATUNE_MEM_RESTRICTIVE

Only from those nodes, enforced by the cgroup rather than the memory policy.

=back

=head2 NETWORK INTERFACE PARAMETERS

Keys of C<get_interface_parameters> and C<set_interface_parameters>. Rates are in KiB per
second, bursts in KiB; 0 means no limit.

=over 4

=item Sys::Virt::Domain::BANDWIDTH_IN_AVERAGE

C<inbound.average>: the average rate of incoming traffic.

=item Sys::Virt::Domain::BANDWIDTH_IN_PEAK

C<inbound.peak>: the highest rate of incoming traffic.

=item Sys::Virt::Domain::BANDWIDTH_IN_BURST

C<inbound.burst>: how much incoming traffic may go at the peak rate.

=item Sys::Virt::Domain::BANDWIDTH_IN_FLOOR

C<inbound.floor>: the incoming rate guaranteed (needs a libvirt network with QoS).

=item Sys::Virt::Domain::BANDWIDTH_OUT_AVERAGE

C<outbound.average>: the average rate of outgoing traffic.

=item Sys::Virt::Domain::BANDWIDTH_OUT_PEAK

C<outbound.peak>: the highest rate of outgoing traffic.

=item Sys::Virt::Domain::BANDWIDTH_OUT_BURST

C<outbound.burst>: how much outgoing traffic may go at the peak rate.

=back

=head2 INTERFACE ANNOUNCEMENTS

Keys of the hash of C<announce_interface>; each is a number, and 0 or a missing key takes
the hypervisor's default.

=over 4

=item Sys::Virt::Domain::ANNOUNCE_INTERFACE_INITIAL

C<initial>: the delay before the first packet, in milliseconds.

=item Sys::Virt::Domain::ANNOUNCE_INTERFACE_MAX

C<max>: the longest delay between two packets, in milliseconds.

=item Sys::Virt::Domain::ANNOUNCE_INTERFACE_ROUNDS

C<rounds>: how many packets to send.

=item Sys::Virt::Domain::ANNOUNCE_INTERFACE_STEP

C<step>: how much longer each delay is than the one before, in milliseconds.

=back

=head2 SCHEDULER PARAMETERS

Keys of C<get_scheduler_parameters> and C<set_scheduler_parameters>. Which ones a domain
has depends on its scheduler (C<get_scheduler_type>). Periods are in microseconds; a quota
is how many microseconds of each period may be used (a negative quota: no limit).

=over 4

=item Sys::Virt::Domain::SCHEDULER_CPU_SHARES

C<cpu_shares>: the guest's share of host CPU time, relative to others (C<posix>).

=item Sys::Virt::Domain::SCHEDULER_GLOBAL_PERIOD

C<global_period>: the period for the whole domain (C<posix>).

=item Sys::Virt::Domain::SCHEDULER_GLOBAL_QUOTA

C<global_quota>: the quota of the whole domain.

=item Sys::Virt::Domain::SCHEDULER_VCPU_PERIOD

C<vcpu_period>: the period for each virtual CPU (C<posix>).

=item Sys::Virt::Domain::SCHEDULER_VCPU_QUOTA

C<vcpu_quota>: the quota of each virtual CPU.

=item Sys::Virt::Domain::SCHEDULER_EMULATOR_PERIOD

C<emulator_period>: the period for the hypervisor's threads other than the virtual CPUs
(C<posix>).

=item Sys::Virt::Domain::SCHEDULER_EMULATOR_QUOTA

C<emulator_quota>: the quota of those threads.

=item Sys::Virt::Domain::SCHEDULER_IOTHREAD_PERIOD

C<iothread_period>: the period for the I/O threads (C<posix>).

=item Sys::Virt::Domain::SCHEDULER_IOTHREAD_QUOTA

C<iothread_quota>: the quota of the I/O threads.

=item Sys::Virt::Domain::SCHEDULER_WEIGHT

C<weight>: the guest's weight relative to others (Xen's C<credit> scheduler).

=item Sys::Virt::Domain::SCHEDULER_CAP

C<cap>: the most CPU the guest may use, in percent of one CPU, 0 for no cap (C<credit>).

=item Sys::Virt::Domain::SCHEDULER_RESERVATION

C<reservation>: the CPU reserved for the guest (the C<allocation> scheduler of VMware
ESX).

=item Sys::Virt::Domain::SCHEDULER_LIMIT

C<limit>: the most CPU the guest may use (C<allocation>).

=item Sys::Virt::Domain::SCHEDULER_SHARES

C<shares>: the guest's share relative to others (C<allocation>).

=back

=head2 PERFORMANCE EVENTS

Keys of C<get_perf_events> and C<set_perf_events>, each naming a counter of the host's
perf subsystem; its value says whether it is enabled. The counts come in the domain
statistics (C<STATS_PERF_*>).

=over 4

=item Sys::Virt::Domain::PERF_PARAM_CMT

C<cmt>: how much last-level cache the guest uses, in bytes (Intel CMT).

=item Sys::Virt::Domain::PERF_PARAM_MBMT

C<mbmt>: memory bandwidth of the guest, in bytes per second (Intel MBM, total).

=item Sys::Virt::Domain::PERF_PARAM_MBML

C<mbml>: memory bandwidth through the local memory controller, in bytes per second (Intel
MBM, local).

=item Sys::Virt::Domain::PERF_PARAM_CPU_CYCLES

C<cpu_cycles>: CPU cycles.

=item Sys::Virt::Domain::PERF_PARAM_INSTRUCTIONS

C<instructions>: instructions run.

=item Sys::Virt::Domain::PERF_PARAM_CACHE_REFERENCES

C<cache_references>: cache accesses.

=item Sys::Virt::Domain::PERF_PARAM_CACHE_MISSES

C<cache_misses>: cache misses.

=item Sys::Virt::Domain::PERF_PARAM_BRANCH_INSTRUCTIONS

C<branch_instructions>: branch instructions.

=item Sys::Virt::Domain::PERF_PARAM_BRANCH_MISSES

C<branch_misses>: mispredicted branches.

=item Sys::Virt::Domain::PERF_PARAM_BUS_CYCLES

C<bus_cycles>: bus cycles.

=item Sys::Virt::Domain::PERF_PARAM_STALLED_CYCLES_FRONTEND

C<stalled_cycles_frontend>: cycles the front end of the CPU's pipeline stalled.

=item Sys::Virt::Domain::PERF_PARAM_STALLED_CYCLES_BACKEND

C<stalled_cycles_backend>: cycles the back end of the CPU's pipeline stalled.

=item Sys::Virt::Domain::PERF_PARAM_REF_CPU_CYCLES

C<ref_cpu_cycles>: CPU cycles at the reference rate, unaffected by frequency scaling.

=item Sys::Virt::Domain::PERF_PARAM_CPU_CLOCK

C<cpu_clock>: time on the CPU clock.

=item Sys::Virt::Domain::PERF_PARAM_TASK_CLOCK

C<task_clock>: time on the task clock.

=item Sys::Virt::Domain::PERF_PARAM_PAGE_FAULTS

C<page_faults>: page faults.

=item Sys::Virt::Domain::PERF_PARAM_CONTEXT_SWITCHES

C<context_switches>: context switches.

=item Sys::Virt::Domain::PERF_PARAM_CPU_MIGRATIONS

C<cpu_migrations>: moves from one host CPU to another.

=item Sys::Virt::Domain::PERF_PARAM_PAGE_FAULTS_MIN

C<page_faults_min>: minor page faults (no I/O).

=item Sys::Virt::Domain::PERF_PARAM_PAGE_FAULTS_MAJ

C<page_faults_maj>: major page faults (with I/O).

=item Sys::Virt::Domain::PERF_PARAM_ALIGNMENT_FAULTS

C<alignment_faults>: alignment faults.

=item Sys::Virt::Domain::PERF_PARAM_EMULATION_FAULTS

C<emulation_faults>: emulation faults.

=back

=head2 I/O THREAD PARAMETERS

Keys of the hash of C<set_iothread> (and, as suffixes, of the C<iothread.> domain
statistics).

=over 4

=item Sys::Virt::Domain::IOTHREAD_PARAM_POLL_MAX_NS

C<poll_max_ns>: the longest the thread polls for new work before it sleeps, in
nanoseconds; 0 turns polling off.

=item Sys::Virt::Domain::IOTHREAD_PARAM_POLL_GROW

C<poll_grow>: the factor the polling time grows by; 0 lets the hypervisor choose.

=item Sys::Virt::Domain::IOTHREAD_PARAM_POLL_SHRINK

C<poll_shrink>: the divisor the polling time shrinks by; 0 lets the hypervisor choose.

=item Sys::Virt::Domain::IOTHREAD_PARAM_POLL_WEIGHT

C<poll_weight>: how much the latest interval between events counts in the next polling
time (a bit shift; 0 lets the hypervisor choose).

=item Sys::Virt::Domain::IOTHREAD_PARAM_THREAD_POOL_MIN

C<thread_pool_min>: the fewest worker threads the I/O thread keeps (-1: the hypervisor's
default).

=item Sys::Virt::Domain::IOTHREAD_PARAM_THREAD_POOL_MAX

C<thread_pool_max>: the most worker threads it may have (-1: the hypervisor's default).

=back

=head2 LAUNCH SECURITY

Keys of C<get_launch_security_info> (the first six) and of the hash of
C<set_launch_security_state> (the last three), for AMD SEV guests.

=over 4

=item Sys::Virt::Domain::LAUNCH_SECURITY_SEV_MEASUREMENT

C<sev-measurement>: the measurement of the guest's launch, a string.

=item Sys::Virt::Domain::LAUNCH_SECURITY_SEV_API_MAJOR

C<sev-api-major>: the major version of the host's SEV firmware API.

=item Sys::Virt::Domain::LAUNCH_SECURITY_SEV_API_MINOR

C<sev-api-minor>: its minor version.

=item Sys::Virt::Domain::LAUNCH_SECURITY_SEV_BUILD_ID

C<sev-build-id>: the firmware's build number.

=item Sys::Virt::Domain::LAUNCH_SECURITY_SEV_POLICY

C<sev-policy>: the guest's SEV policy bits.

=item Sys::Virt::Domain::LAUNCH_SECURITY_SEV_SNP_POLICY

C<sev-snp-policy>: the guest's SEV-SNP policy bits.

=item Sys::Virt::Domain::LAUNCH_SECURITY_SEV_SECRET_HEADER

C<sev-secret-header>: the header of a launch secret, base64.

=item Sys::Virt::Domain::LAUNCH_SECURITY_SEV_SECRET

C<sev-secret>: the launch secret itself, encrypted and base64.

=item Sys::Virt::Domain::LAUNCH_SECURITY_SEV_SECRET_SET_ADDRESS

C<sev-secret-set-address>: the guest physical address to put the secret at (without it,
the firmware chooses).

=back

=head2 GUEST INFORMATION

C<GUEST_INFO_USERS> to C<GUEST_INFO_DEVICES> are bits of the C<$types> argument of
C<get_guest_info>, each asking for one kind of information (0 asks for all). The strings
after them are the keys of the hash it returns. A C<*_COUNT> key gives the number of
entries of a list; an entry's keys are made of the list's C<*_PREFIX>, the entry's index
(from 0) and one of the list's C<*_SUFFIX_*> strings: C<GUEST_INFO_FS_PREFIX . 0 .
GUEST_INFO_FS_SUFFIX_NAME> is C<fs.0.name>. Lists inside an entry (the disks of a file
system, the addresses of an interface) add their own prefix, index and suffix:
C<fs.0.disk.1.serial>.

=over 4

=item Sys::Virt::Domain::GUEST_INFO_USERS

Ask for the users logged in.

=item Sys::Virt::Domain::GUEST_INFO_OS

Ask for the operating system.

=item Sys::Virt::Domain::GUEST_INFO_TIMEZONE

Ask for the time zone.

=item Sys::Virt::Domain::GUEST_INFO_HOSTNAME

Ask for the host name.

=item Sys::Virt::Domain::GUEST_INFO_FILESYSTEM

Ask for the mounted file systems.

=item Sys::Virt::Domain::GUEST_INFO_DISKS

Ask for the disks.

=item Sys::Virt::Domain::GUEST_INFO_INTERFACES

Ask for the network interfaces.

=item Sys::Virt::Domain::GUEST_INFO_LOAD

Ask for the load averages.

=item Sys::Virt::Domain::GUEST_INFO_DEVICES

Ask for the devices and their drivers (Windows guests).

=item Sys::Virt::Domain::GUEST_INFO_USER_COUNT

C<user.count>: how many users are logged in.

=item Sys::Virt::Domain::GUEST_INFO_USER_PREFIX

C<user.>: the prefix of a user's keys.

=item Sys::Virt::Domain::GUEST_INFO_USER_SUFFIX_NAME

C<.name>: the user's name.

=item Sys::Virt::Domain::GUEST_INFO_USER_SUFFIX_DOMAIN

C<.domain>: the user's domain (on guests that have them, such as Windows).

=item Sys::Virt::Domain::GUEST_INFO_USER_SUFFIX_LOGIN_TIME

C<.login-time>: when the user logged in, in milliseconds since the epoch.

=item Sys::Virt::Domain::GUEST_INFO_OS_ID

C<os.id>: a short lower-case name of the operating system, such as C<debian>.

=item Sys::Virt::Domain::GUEST_INFO_OS_NAME

C<os.name>: the operating system's name, for people to read.

=item Sys::Virt::Domain::GUEST_INFO_OS_PRETTY_NAME

C<os.pretty-name>: its name with its version, for people to read.

=item Sys::Virt::Domain::GUEST_INFO_OS_VERSION

C<os.version>: its version, for people to read.

=item Sys::Virt::Domain::GUEST_INFO_OS_VERSION_ID

C<os.version-id>: its version, for programs to compare.

=item Sys::Virt::Domain::GUEST_INFO_OS_VARIANT

C<os.variant>: the variant or edition, for people to read.

=item Sys::Virt::Domain::GUEST_INFO_OS_VARIANT_ID

C<os.variant-id>: the variant or edition, for programs.

=item Sys::Virt::Domain::GUEST_INFO_OS_KERNEL_RELEASE

C<os.kernel-release>: the kernel's release.

=item Sys::Virt::Domain::GUEST_INFO_OS_KERNEL_VERSION

C<os.kernel-version>: the kernel's version.

=item Sys::Virt::Domain::GUEST_INFO_OS_MACHINE

C<os.machine>: the machine's hardware name, such as C<x86_64>.

=item Sys::Virt::Domain::GUEST_INFO_TIMEZONE_NAME

C<timezone.name>: the time zone's name.

=item Sys::Virt::Domain::GUEST_INFO_TIMEZONE_OFFSET

C<timezone.offset>: its offset from UTC, in seconds.

=item Sys::Virt::Domain::GUEST_INFO_HOSTNAME_HOSTNAME

C<hostname>: the guest's host name.

=item Sys::Virt::Domain::GUEST_INFO_FS_COUNT

C<fs.count>: how many file systems are mounted.

=item Sys::Virt::Domain::GUEST_INFO_FS_PREFIX

C<fs.>: the prefix of a file system's keys.

=item Sys::Virt::Domain::GUEST_INFO_FS_SUFFIX_MOUNTPOINT

C<.mountpoint>: where it is mounted.

=item Sys::Virt::Domain::GUEST_INFO_FS_SUFFIX_NAME

C<.name>: the name of its device in the guest, such as C<sda1>.

=item Sys::Virt::Domain::GUEST_INFO_FS_SUFFIX_FSTYPE

C<.fstype>: its type, such as C<ext4>.

=item Sys::Virt::Domain::GUEST_INFO_FS_SUFFIX_TOTAL_BYTES

C<.total-bytes>: its size in bytes.

=item Sys::Virt::Domain::GUEST_INFO_FS_SUFFIX_USED_BYTES

C<.used-bytes>: the bytes used in it.

=item Sys::Virt::Domain::GUEST_INFO_FS_SUFFIX_DISK_COUNT

C<.disk.count>: how many disks it is on.

=item Sys::Virt::Domain::GUEST_INFO_FS_SUFFIX_DISK_PREFIX

C<.disk.>: the prefix, after the file system's, of a disk's keys.

=item Sys::Virt::Domain::GUEST_INFO_FS_SUFFIX_DISK_SUFFIX_ALIAS

C<.alias>: the disk's target name in the domain, such as C<vda>.

=item Sys::Virt::Domain::GUEST_INFO_FS_SUFFIX_DISK_SUFFIX_SERIAL

C<.serial>: the disk's serial number.

=item Sys::Virt::Domain::GUEST_INFO_FS_SUFFIX_DISK_SUFFIX_DEVICE

C<.device>: the disk's device node in the guest.

=item Sys::Virt::Domain::GUEST_INFO_DISK_COUNT

C<disk.count>: how many disks the guest has.

=item Sys::Virt::Domain::GUEST_INFO_DISK_PREFIX

C<disk.>: the prefix of a disk's keys.

=item Sys::Virt::Domain::GUEST_INFO_DISK_SUFFIX_NAME

C<.name>: its device node (Linux) or UNC path (Windows).

=item Sys::Virt::Domain::GUEST_INFO_DISK_SUFFIX_PARTITION

C<.partition>: whether it is a partition (1) or a whole disk (0).

=item Sys::Virt::Domain::GUEST_INFO_DISK_SUFFIX_DEPENDENCY_COUNT

C<.dependency.count>: how many devices it is built on (the physical volumes of a logical
volume, the device under an encrypted one).

=item Sys::Virt::Domain::GUEST_INFO_DISK_SUFFIX_DEPENDENCY_PREFIX

C<.dependency.>: the prefix, after the disk's, of such a device's keys.

=item Sys::Virt::Domain::GUEST_INFO_DISK_SUFFIX_DEPENDENCY_SUFFIX_NAME

C<.name>: that device's name.

=item Sys::Virt::Domain::GUEST_INFO_DISK_SUFFIX_SERIAL

C<.serial>: the disk's serial number.

=item Sys::Virt::Domain::GUEST_INFO_DISK_SUFFIX_ALIAS

C<.alias>: the disk's target name in the domain, such as C<vda>.

=item Sys::Virt::Domain::GUEST_INFO_DISK_SUFFIX_GUEST_ALIAS

C<.guest_alias>: another name the guest gives it (on Linux, its device-mapper name).

=item Sys::Virt::Domain::GUEST_INFO_DISK_SUFFIX_GUEST_BUS

C<.guest_bus>: the bus the guest sees it on.

=item Sys::Virt::Domain::GUEST_INFO_IF_COUNT

C<if.count>: how many network interfaces the guest has.

=item Sys::Virt::Domain::GUEST_INFO_IF_PREFIX

C<if.>: the prefix of an interface's keys.

=item Sys::Virt::Domain::GUEST_INFO_IF_SUFFIX_NAME

C<.name>: its name in the guest, such as C<eth0>.

=item Sys::Virt::Domain::GUEST_INFO_IF_SUFFIX_HWADDR

C<.hwaddr>: its MAC address.

=item Sys::Virt::Domain::GUEST_INFO_IF_SUFFIX_ADDR_COUNT

C<.addr.count>: how many IP addresses it has.

=item Sys::Virt::Domain::GUEST_INFO_IF_SUFFIX_ADDR_PREFIX

C<.addr.>: the prefix, after the interface's, of an address's keys.

=item Sys::Virt::Domain::GUEST_INFO_IF_SUFFIX_ADDR_SUFFIX_TYPE

C<.type>: the address's family, C<ipv4> or C<ipv6>.

=item Sys::Virt::Domain::GUEST_INFO_IF_SUFFIX_ADDR_SUFFIX_ADDR

C<.addr>: the address.

=item Sys::Virt::Domain::GUEST_INFO_IF_SUFFIX_ADDR_SUFFIX_PREFIX

C<.prefix>: the length of its network prefix.

=item Sys::Virt::Domain::GUEST_INFO_LOAD_1M

C<load.1m>: the load average over 1 minute.

=item Sys::Virt::Domain::GUEST_INFO_LOAD_5M

C<load.5m>: the load average over 5 minutes.

=item Sys::Virt::Domain::GUEST_INFO_LOAD_15M

C<load.15m>: the load average over 15 minutes.

=item Sys::Virt::Domain::GUEST_INFO_DEVICE_COUNT

C<device.count>: how many devices are reported.

=item Sys::Virt::Domain::GUEST_INFO_DEVICE_PREFIX

C<device.>: the prefix of a device's keys.

=item Sys::Virt::Domain::GUEST_INFO_DEVICE_SUFFIX_DRIVER_NAME

C<.driverName>: the name of the device's driver.

=item Sys::Virt::Domain::GUEST_INFO_DEVICE_SUFFIX_DRIVER_VERSION

C<.driverVersion>: the driver's version.

=item Sys::Virt::Domain::GUEST_INFO_DEVICE_SUFFIX_DRIVER_DATE

C<.driverDate>: the driver's release date, in seconds since the epoch.

=item Sys::Virt::Domain::GUEST_INFO_DEVICE_SUFFIX_ID_TYPE

C<.idType>: how the device is identified, such as C<pci>.

=item Sys::Virt::Domain::GUEST_INFO_DEVICE_SUFFIX_PCI_VENDOR

C<.pciVendor>: for a PCI device, its vendor ID.

=item Sys::Virt::Domain::GUEST_INFO_DEVICE_SUFFIX_PCI_DEVICE

C<.pciDevice>: for a PCI device, its device ID.

=back

=head2 OTHER FLAGS

C<MESSAGE_*> for C<get_messages>, C<FD_ASSOCIATE_*> for C<fd_associate>,
C<DIRTYRATE_MODE_*> for C<start_dirty_rate_calc>; C<DIRTYRATE_UNSTARTED> to
C<DIRTYRATE_MEASURED> are the values of C<dirtyrate.calc_status> in the domain statistics.

=over 4

=item Sys::Virt::Domain::MESSAGE_DEPRECATION

Report the deprecated features the domain uses.

=item Sys::Virt::Domain::MESSAGE_TAINTING

Report why the domain is tainted (unsupported settings, hand-made monitor commands...).

=item Sys::Virt::Domain::MESSAGE_IOERRORS

Report the I/O errors stored for the domain's disk images.

=item Sys::Virt::Domain::FD_ASSOCIATE_SECLABEL_RESTORE

Try to give the files their security labels back after use.

=item Sys::Virt::Domain::FD_ASSOCIATE_SECLABEL_WRITABLE

Label the files for writing even where they are only read.

=item Sys::Virt::Domain::DIRTYRATE_MODE_PAGE_SAMPLING

Measure by sampling pages (the default).

=item Sys::Virt::Domain::DIRTYRATE_MODE_DIRTY_BITMAP

Measure with the hypervisor's dirty bitmap.

=item Sys::Virt::Domain::DIRTYRATE_MODE_DIRTY_RING

Measure with the kernel's dirty ring.

=item Sys::Virt::Domain::DIRTYRATE_UNSTARTED

No measurement was started.

=item Sys::Virt::Domain::DIRTYRATE_MEASURING

A measurement is under way.

=item Sys::Virt::Domain::DIRTYRATE_MEASURED

The measurement is done; its result is in the statistics.

=back

=head2 LISTING DOMAINS

For C<$flags> of L<Sys::Virt/list_all_domains>. Flags of one pair (such as C<LIST_ACTIVE>
and C<LIST_INACTIVE>) together mean either; flags of different pairs must all hold.

=over 4

=item Sys::Virt::Domain::LIST_ACTIVE

Running domains.

=item Sys::Virt::Domain::LIST_INACTIVE

Domains that do not run.

=item Sys::Virt::Domain::LIST_PERSISTENT

Domains with a persistent definition.

=item Sys::Virt::Domain::LIST_TRANSIENT

Domains without one.

=item Sys::Virt::Domain::LIST_RUNNING

Domains in C<STATE_RUNNING>.

=item Sys::Virt::Domain::LIST_PAUSED

Domains in C<STATE_PAUSED>.

=item Sys::Virt::Domain::LIST_SHUTOFF

Domains in C<STATE_SHUTOFF>.

=item Sys::Virt::Domain::LIST_OTHER

Domains in any other state.

=item Sys::Virt::Domain::LIST_MANAGEDSAVE

Domains with a managed save image.

=item Sys::Virt::Domain::LIST_NO_MANAGEDSAVE

Domains without one.

=item Sys::Virt::Domain::LIST_AUTOSTART

Domains started with the host.

=item Sys::Virt::Domain::LIST_NO_AUTOSTART

Domains that are not.

=item Sys::Virt::Domain::LIST_HAS_SNAPSHOT

Domains with snapshots.

=item Sys::Virt::Domain::LIST_NO_SNAPSHOT

Domains without.

=item Sys::Virt::Domain::LIST_HAS_CHECKPOINT

Domains with checkpoints.

=item Sys::Virt::Domain::LIST_NO_CHECKPOINT

Domains without.

=back

=head2 DOMAIN STATISTICS

For L<Sys::Virt/get_all_domain_stats>. The C<GET_ALL_STATS_*> values are bits of its
C<$flags>: the first eight pick the domains, as the C<LIST_*> pairs do; the others change
how it works. The integer C<STATS_*> values (C<STATS_STATE> to C<STATS_VM>) are bits of
its C<$stats>, each asking for one group of statistics.

=over 4

=item Sys::Virt::Domain::GET_ALL_STATS_ACTIVE

Running domains.

=item Sys::Virt::Domain::GET_ALL_STATS_INACTIVE

Domains that do not run.

=item Sys::Virt::Domain::GET_ALL_STATS_PERSISTENT

Domains with a persistent definition.

=item Sys::Virt::Domain::GET_ALL_STATS_TRANSIENT

Domains without one.

=item Sys::Virt::Domain::GET_ALL_STATS_RUNNING

Domains in C<STATE_RUNNING>.

=item Sys::Virt::Domain::GET_ALL_STATS_PAUSED

Domains in C<STATE_PAUSED>.

=item Sys::Virt::Domain::GET_ALL_STATS_SHUTOFF

Domains in C<STATE_SHUTOFF>.

=item Sys::Virt::Domain::GET_ALL_STATS_OTHER

Domains in any other state.

=item Sys::Virt::Domain::GET_ALL_STATS_NOWAIT

Report only what can be had at once, without waiting for a domain busy with a job.

=item Sys::Virt::Domain::GET_ALL_STATS_BACKING

Include the backing files of disks (as further C<block.> entries).

=item Sys::Virt::Domain::GET_ALL_STATS_ENFORCE_STATS

Fail if a group asked for in C<$stats> is not supported, instead of leaving it out.

=item Sys::Virt::Domain::STATS_STATE

The state: C<state.*>.

=item Sys::Virt::Domain::STATS_CPU_TOTAL

CPU time: C<cpu.*>.

=item Sys::Virt::Domain::STATS_BALLOON

The balloon: C<balloon.*>.

=item Sys::Virt::Domain::STATS_VCPU

The virtual CPUs: C<vcpu.*>.

=item Sys::Virt::Domain::STATS_INTERFACE

The network interfaces: C<net.*>.

=item Sys::Virt::Domain::STATS_BLOCK

The disks: C<block.*>.

=item Sys::Virt::Domain::STATS_PERF

The performance counters: C<perf.*>.

=item Sys::Virt::Domain::STATS_IOTHREAD

The I/O threads: C<iothread.*>.

=item Sys::Virt::Domain::STATS_MEMORY

Memory bandwidth: C<memory.*>.

=item Sys::Virt::Domain::STATS_DIRTYRATE

The memory dirty rate: C<dirtyrate.*>.

=item Sys::Virt::Domain::STATS_VM

The hypervisor's own statistics: C<vm.*>.

=back

=head3 Statistics keys

The strings below are the keys of the C<data> hash of each record. Lists are numbered as
in L</"GUEST INFORMATION">: a C<*_COUNT> key, and for each entry the list's C<*_PREFIX>,
its index and a C<*_SUFFIX_*> string (C<STATS_BLOCK_PREFIX . 0 .
STATS_BLOCK_SUFFIX_RD_BYTES> is C<block.0.rd.bytes>). Times are in nanoseconds and memory
in KiB unless said otherwise.

=over 4

=item Sys::Virt::Domain::STATS_STATE_STATE

C<state.state>: the state, a C<STATE_*> value.

=item Sys::Virt::Domain::STATS_STATE_REASON

C<state.reason>: the reason for it, as C<get_state> gives it.

=item Sys::Virt::Domain::STATS_CPU_TIME

C<cpu.time>: CPU time in all.

=item Sys::Virt::Domain::STATS_CPU_USER

C<cpu.user>: CPU time in user mode.

=item Sys::Virt::Domain::STATS_CPU_SYSTEM

C<cpu.system>: CPU time in the kernel.

=item Sys::Virt::Domain::STATS_CPU_HALTPOLL_SUCCESS_TIME

C<cpu.haltpoll.success.time>: CPU time spent polling a halted virtual CPU that then got an
interrupt.

=item Sys::Virt::Domain::STATS_CPU_HALTPOLL_FAIL_TIME

C<cpu.haltpoll.fail.time>: CPU time spent polling a halted virtual CPU that got none and
had to sleep.

=item Sys::Virt::Domain::STATS_CPU_CACHE_MONITOR_COUNT

C<cpu.cache.monitor.count>: how many cache monitors the domain has.

=item Sys::Virt::Domain::STATS_CPU_CACHE_MONITOR_PREFIX

C<cpu.cache.monitor.>: the prefix of a cache monitor's keys.

=item Sys::Virt::Domain::STATS_CPU_CACHE_MONITOR_SUFFIX_NAME

C<.name>: the monitor's name.

=item Sys::Virt::Domain::STATS_CPU_CACHE_MONITOR_SUFFIX_VCPUS

C<.vcpus>: the virtual CPUs it watches, a list such as C<0-1>.

=item Sys::Virt::Domain::STATS_CPU_CACHE_MONITOR_SUFFIX_BANK_COUNT

C<.bank.count>: how many cache banks it reports.

=item Sys::Virt::Domain::STATS_CPU_CACHE_MONITOR_SUFFIX_BANK_PREFIX

C<.bank.>: the prefix, after the monitor's, of a bank's keys.

=item Sys::Virt::Domain::STATS_CPU_CACHE_MONITOR_SUFFIX_BANK_SUFFIX_ID

C<.id>: the host's ID of the bank.

=item Sys::Virt::Domain::STATS_CPU_CACHE_MONITOR_SUFFIX_BANK_SUFFIX_BYTES

C<.bytes>: the bytes of last-level cache the domain uses in the bank.

=item Sys::Virt::Domain::STATS_CPU_ENERGY_MONITOR_COUNT

C<cpu.energy.monitor.count>: how many energy monitors the domain has.

=item Sys::Virt::Domain::STATS_CPU_ENERGY_MONITOR_PREFIX

C<cpu.energy.monitor.>: the prefix of an energy monitor's keys.

=item Sys::Virt::Domain::STATS_CPU_ENERGY_MONITOR_SUFFIX_NAME

C<.name>: the monitor's name.

=item Sys::Virt::Domain::STATS_CPU_ENERGY_MONITOR_SUFFIX_VCPUS

C<.vcpus>: the virtual CPUs it watches.

=item Sys::Virt::Domain::STATS_CPU_ENERGY_MONITOR_SUFFIX_PKG_COUNT

C<.pkg.count>: how many processor packages it reports.

=item Sys::Virt::Domain::STATS_CPU_ENERGY_MONITOR_SUFFIX_PKG_PREFIX

C<.pkg.>: the prefix, after the monitor's, of a package's keys.

=item Sys::Virt::Domain::STATS_CPU_ENERGY_MONITOR_SUFFIX_PKG_SUFFIX_ID

C<.id>: the kernel's ID of the package.

=item Sys::Virt::Domain::STATS_BALLOON_CURRENT

C<balloon.current>: the memory the guest has now.

=item Sys::Virt::Domain::STATS_BALLOON_MAXIMUM

C<balloon.maximum>: the most memory it may have.

=item Sys::Virt::Domain::STATS_BALLOON_SWAP_IN

C<balloon.swap_in>: memory read from the guest's swap.

=item Sys::Virt::Domain::STATS_BALLOON_SWAP_OUT

C<balloon.swap_out>: memory written to the guest's swap.

=item Sys::Virt::Domain::STATS_BALLOON_MAJOR_FAULT

C<balloon.major_fault>: page faults that needed I/O.

=item Sys::Virt::Domain::STATS_BALLOON_MINOR_FAULT

C<balloon.minor_fault>: page faults that did not.

=item Sys::Virt::Domain::STATS_BALLOON_UNUSED

C<balloon.unused>: memory the guest does not use at all.

=item Sys::Virt::Domain::STATS_BALLOON_AVAILABLE

C<balloon.available>: memory the guest sees.

=item Sys::Virt::Domain::STATS_BALLOON_RSS

C<balloon.rss>: host memory the hypervisor process uses.

=item Sys::Virt::Domain::STATS_BALLOON_USABLE

C<balloon.usable>: memory the guest could give up without swapping.

=item Sys::Virt::Domain::STATS_BALLOON_LAST_UPDATE

C<balloon.last-update>: when the guest last reported, in seconds since the epoch.

=item Sys::Virt::Domain::STATS_BALLOON_DISK_CACHES

C<balloon.disk_caches>: memory the guest could free without I/O.

=item Sys::Virt::Domain::STATS_BALLOON_HUGETLB_PGALLOC

C<balloon.hugetlb_pgalloc>: huge pages allocated through the balloon.

=item Sys::Virt::Domain::STATS_BALLOON_HUGETLB_PGFAIL

C<balloon.hugetlb_pgfail>: huge page allocations that failed.

=item Sys::Virt::Domain::STATS_VCPU_CURRENT

C<vcpu.current>: how many virtual CPUs are online.

=item Sys::Virt::Domain::STATS_VCPU_MAXIMUM

C<vcpu.maximum>: the most there may be.

=item Sys::Virt::Domain::STATS_VCPU_PREFIX

C<vcpu.>: the prefix of a virtual CPU's keys (indexed by its number).

=item Sys::Virt::Domain::STATS_VCPU_SUFFIX_STATE

C<.state>: its state, a C<VCPU_*> value.

=item Sys::Virt::Domain::STATS_VCPU_SUFFIX_TIME

C<.time>: its CPU time.

=item Sys::Virt::Domain::STATS_VCPU_SUFFIX_WAIT

C<.wait>: time it wanted to run but the host ran something else.

=item Sys::Virt::Domain::STATS_VCPU_SUFFIX_HALTED

C<.halted>: whether it is halted (idle or stopped), 1 or 0.

=item Sys::Virt::Domain::STATS_VCPU_SUFFIX_DELAY

C<.delay>: time it waited in the host's run queue (the guest's steal time).

=item Sys::Virt::Domain::STATS_NET_COUNT

C<net.count>: how many network interfaces there are.

=item Sys::Virt::Domain::STATS_NET_PREFIX

C<net.>: the prefix of an interface's keys.

=item Sys::Virt::Domain::STATS_NET_SUFFIX_NAME

C<.name>: the interface's name on the host.

=item Sys::Virt::Domain::STATS_NET_SUFFIX_RX_BYTES

C<.rx.bytes>: bytes received.

=item Sys::Virt::Domain::STATS_NET_SUFFIX_RX_PKTS

C<.rx.pkts>: packets received.

=item Sys::Virt::Domain::STATS_NET_SUFFIX_RX_ERRS

C<.rx.errs>: receive errors.

=item Sys::Virt::Domain::STATS_NET_SUFFIX_RX_DROP

C<.rx.drop>: received packets dropped.

=item Sys::Virt::Domain::STATS_NET_SUFFIX_TX_BYTES

C<.tx.bytes>: bytes sent.

=item Sys::Virt::Domain::STATS_NET_SUFFIX_TX_PKTS

C<.tx.pkts>: packets sent.

=item Sys::Virt::Domain::STATS_NET_SUFFIX_TX_ERRS

C<.tx.errs>: send errors.

=item Sys::Virt::Domain::STATS_NET_SUFFIX_TX_DROP

C<.tx.drop>: packets dropped on sending.

=item Sys::Virt::Domain::STATS_BLOCK_COUNT

C<block.count>: how many disk entries follow (with C<GET_ALL_STATS_BACKING>, one per image
of each chain).

=item Sys::Virt::Domain::STATS_BLOCK_PREFIX

C<block.>: the prefix of a disk entry's keys.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_NAME

C<.name>: the disk's target name, such as C<vda> (the same for each image of its chain).

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_BACKINGINDEX

C<.backingIndex>: the index of the image in the backing chain, when the chain is listed.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_PATH

C<.path>: the image's file or block device, where it has one.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_RD_REQS

C<.rd.reqs>: read requests.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_RD_BYTES

C<.rd.bytes>: bytes read.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_RD_TIMES

C<.rd.times>: time spent reading.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_WR_REQS

C<.wr.reqs>: write requests.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_WR_BYTES

C<.wr.bytes>: bytes written.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_WR_TIMES

C<.wr.times>: time spent writing.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_FL_REQS

C<.fl.reqs>: flush requests.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_FL_TIMES

C<.fl.times>: time spent flushing.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_ERRORS

C<.errors>: an error count only some hypervisors (Xen) have.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_ALLOCATION

C<.allocation>: the offset of the highest sector written, in bytes.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_CAPACITY

C<.capacity>: the size the guest sees, in bytes.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_PHYSICAL

C<.physical>: the size the image takes on the host, in bytes.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_THRESHOLD

C<.threshold>: the threshold set with C<set_block_threshold>, in bytes.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_REQUEST_ALIGNMENT

C<.limits.request_alignment>: the alignment, in bytes, the image's storage needs for the
offset and length of a request.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_DISCARD_MAX

C<.limits.discard_max>: the most bytes one discard may cover.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_DISCARD_ALIGNMENT

C<.limits.discard_alignment>: the best alignment for a discard, in bytes.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_WRITE_ZEROES_MAX

C<.limits.write_zeroes_max>: the most bytes one write of zeroes may cover.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_WRITE_ZEROES_ALIGNMENT

C<.limits.write_zeroes_alignment>: the best alignment for writing zeroes, in bytes.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_TRANSFER_OPTIMAL

C<.limits.transfer_optimal>: the best transfer length, in bytes.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_TRANSFER_MAX

C<.limits.transfer_max>: the longest transfer, in bytes.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_TRANSFER_HW_MAX

C<.limits.transfer_hw_max>: the longest transfer that bypasses the host kernel's splitting
of requests, in bytes.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_IOV_MAX

C<.limits.iov_max>: the most scatter/gather elements in one request.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_IOV_HW_MAX

C<.limits.iov_hw_max>: the same, for requests that bypass the host kernel's splitting.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_MEMORY_ALIGNMENT_MINIMAL

C<.limits.memory_alignment_minimal>: the memory alignment, in bytes, that avoids copying
through a bounce buffer.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LIMITS_MEMORY_ALIGNMENT_OPTIMAL

C<.limits.memory_alignment_optimal>: the memory alignment, in bytes, used for bounce
buffers.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_COUNT

C<.timed_group.count>: how many groups of statistics over a set interval the disk has.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_PREFIX

C<.timed_group.>: the prefix, after the disk's, of such a group's keys.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_INTERVAL

C<.interval>: the group's interval, in seconds.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_RD_LATENCY_MIN

C<.rd_latency_min>: the shortest read in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_RD_LATENCY_MAX

C<.rd_latency_max>: the longest read in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_RD_LATENCY_AVG

C<.rd_latency_avg>: the average read in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_WR_LATENCY_MIN

C<.wr_latency_min>: the shortest write in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_WR_LATENCY_MAX

C<.wr_latency_max>: the longest write in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_WR_LATENCY_AVG

C<.wr_latency_avg>: the average write in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_ZONE_APPEND_LATENCY_MIN

C<.zone_append_latency_min>: the shortest zone append in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_ZONE_APPEND_LATENCY_MAX

C<.zone_append_latency_max>: the longest zone append in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_ZONE_APPEND_LATENCY_AVG

C<.zone_append_latency_avg>: the average zone append in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_FLUSH_LATENCY_MIN

C<.flush_latency_min>: the shortest flush in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_FLUSH_LATENCY_MAX

C<.flush_latency_max>: the longest flush in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_FLUSH_LATENCY_AVG

C<.flush_latency_avg>: the average flush in the interval.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_RD_QUEUE_DEPTH_AVG

C<.rd_queue_depth_avg>: the average number of reads waiting, a fractional number.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_WR_QUEUE_DEPTH_AVG

C<.wr_queue_depth_avg>: the average number of writes waiting, a fractional number.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_TIMED_GROUP_SUFFIX_ZONE_APPEND_QUEUE_DEPTH_AVG

C<.zone_append_queue_depth_avg>: the average number of zone appends waiting, a fractional
number.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LATENCY_HISTOGRAM_READ_PREFIX

C<.latency_histogram.read.>: the prefix, after the disk's, of the keys of its histogram of
read times.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LATENCY_HISTOGRAM_WRITE_PREFIX

C<.latency_histogram.write.>: the same, for write times.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LATENCY_HISTOGRAM_FLUSH_PREFIX

C<.latency_histogram.flush.>: the same, for flush times.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LATENCY_HISTOGRAM_ZONE_APPEND_PREFIX

C<.latency_histogram.zone_append.>: the same, for zone append times.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LATENCY_HISTOGRAM_SUFFIX_BIN_COUNT

C<bin.count>: after a histogram's prefix: how many bins it has
(C<block.0.latency_histogram.read.bin.count>).

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LATENCY_HISTOGRAM_SUFFIX_BIN_PREFIX

C<bin.>: after a histogram's prefix: the prefix of a bin's keys, followed by the bin's
index.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LATENCY_HISTOGRAM_SUFFIX_BIN_SUFFIX_START

C<.start>: where the bin starts, in nanoseconds.

=item Sys::Virt::Domain::STATS_BLOCK_SUFFIX_LATENCY_HISTOGRAM_SUFFIX_BIN_SUFFIX_VALUE

C<.value>: how many requests took a time within the bin.

=item Sys::Virt::Domain::STATS_PERF_CMT

C<perf.cmt>: last-level cache used, in bytes.

=item Sys::Virt::Domain::STATS_PERF_MBMT

C<perf.mbmt>: total memory bandwidth, in bytes per second.

=item Sys::Virt::Domain::STATS_PERF_MBML

C<perf.mbml>: local memory bandwidth, in bytes per second.

=item Sys::Virt::Domain::STATS_PERF_CPU_CYCLES

C<perf.cpu_cycles>: CPU cycles.

=item Sys::Virt::Domain::STATS_PERF_INSTRUCTIONS

C<perf.instructions>: instructions.

=item Sys::Virt::Domain::STATS_PERF_CACHE_REFERENCES

C<perf.cache_references>: cache accesses.

=item Sys::Virt::Domain::STATS_PERF_CACHE_MISSES

C<perf.cache_misses>: cache misses.

=item Sys::Virt::Domain::STATS_PERF_BRANCH_INSTRUCTIONS

C<perf.branch_instructions>: branch instructions.

=item Sys::Virt::Domain::STATS_PERF_BRANCH_MISSES

C<perf.branch_misses>: mispredicted branches.

=item Sys::Virt::Domain::STATS_PERF_BUS_CYCLES

C<perf.bus_cycles>: bus cycles.

=item Sys::Virt::Domain::STATS_PERF_STALLED_CYCLES_FRONTEND

C<perf.stalled_cycles_frontend>: stalled cycles in the pipeline's front end.

=item Sys::Virt::Domain::STATS_PERF_STALLED_CYCLES_BACKEND

C<perf.stalled_cycles_backend>: stalled cycles in the pipeline's back end.

=item Sys::Virt::Domain::STATS_PERF_REF_CPU_CYCLES

C<perf.ref_cpu_cycles>: CPU cycles at the reference rate.

=item Sys::Virt::Domain::STATS_PERF_CPU_CLOCK

C<perf.cpu_clock>: CPU clock time.

=item Sys::Virt::Domain::STATS_PERF_TASK_CLOCK

C<perf.task_clock>: task clock time.

=item Sys::Virt::Domain::STATS_PERF_PAGE_FAULTS

C<perf.page_faults>: page faults.

=item Sys::Virt::Domain::STATS_PERF_CONTEXT_SWITCHES

C<perf.context_switches>: context switches.

=item Sys::Virt::Domain::STATS_PERF_CPU_MIGRATIONS

C<perf.cpu_migrations>: moves between host CPUs.

=item Sys::Virt::Domain::STATS_PERF_PAGE_FAULTS_MIN

C<perf.page_faults_min>: minor page faults.

=item Sys::Virt::Domain::STATS_PERF_PAGE_FAULTS_MAJ

C<perf.page_faults_maj>: major page faults.

=item Sys::Virt::Domain::STATS_PERF_ALIGNMENT_FAULTS

C<perf.alignment_faults>: alignment faults.

=item Sys::Virt::Domain::STATS_PERF_EMULATION_FAULTS

C<perf.emulation_faults>: emulation faults.

=item Sys::Virt::Domain::STATS_IOTHREAD_COUNT

C<iothread.count>: how many I/O thread entries there may be; entries are indexed by the
thread's ID, so some indexes may be missing.

=item Sys::Virt::Domain::STATS_IOTHREAD_PREFIX

C<iothread.>: the prefix of an I/O thread's keys.

=item Sys::Virt::Domain::STATS_IOTHREAD_SUFFIX_POLL_MAX_NS

C<.poll-max-ns>: its longest polling time, in nanoseconds (0: no polling).

=item Sys::Virt::Domain::STATS_IOTHREAD_SUFFIX_POLL_GROW

C<.poll-grow>: the factor its polling time grows by.

=item Sys::Virt::Domain::STATS_IOTHREAD_SUFFIX_POLL_SHRINK

C<.poll-shrink>: the divisor its polling time shrinks by.

=item Sys::Virt::Domain::STATS_IOTHREAD_SUFFIX_POLL_WEIGHT

C<.poll-weight>: the weight of the latest interval in its polling time.

=item Sys::Virt::Domain::STATS_MEMORY_BANDWIDTH_MONITOR_COUNT

C<memory.bandwidth.monitor.count>: how many memory bandwidth monitors the domain has.

=item Sys::Virt::Domain::STATS_MEMORY_BANDWIDTH_MONITOR_PREFIX

C<memory.bandwidth.monitor.>: the prefix of such a monitor's keys.

=item Sys::Virt::Domain::STATS_MEMORY_BANDWIDTH_MONITOR_SUFFIX_NAME

C<.name>: the monitor's name.

=item Sys::Virt::Domain::STATS_MEMORY_BANDWIDTH_MONITOR_SUFFIX_VCPUS

C<.vcpus>: the virtual CPUs it watches.

=item Sys::Virt::Domain::STATS_MEMORY_BANDWIDTH_MONITOR_SUFFIX_NODE_COUNT

C<.node.count>: how many memory controllers it reports.

=item Sys::Virt::Domain::STATS_MEMORY_BANDWIDTH_MONITOR_SUFFIX_NODE_PREFIX

C<.node.>: the prefix, after the monitor's, of a controller's keys.

=item Sys::Virt::Domain::STATS_MEMORY_BANDWIDTH_MONITOR_SUFFIX_NODE_SUFFIX_ID

C<.id>: the host's ID of the controller.

=item Sys::Virt::Domain::STATS_MEMORY_BANDWIDTH_MONITOR_SUFFIX_NODE_SUFFIX_BYTES_LOCAL

C<.bytes.local>: bytes the virtual CPUs moved through controllers of their own processor.

=item Sys::Virt::Domain::STATS_MEMORY_BANDWIDTH_MONITOR_SUFFIX_NODE_SUFFIX_BYTES_TOTAL

C<.bytes.total>: bytes they moved through any controller.

=item Sys::Virt::Domain::STATS_DIRTYRATE_CALC_STATUS

C<dirtyrate.calc_status>: the state of the last measurement, a C<DIRTYRATE_*> value.

=item Sys::Virt::Domain::STATS_DIRTYRATE_CALC_START_TIME

C<dirtyrate.calc_start_time>: when it started, in seconds.

=item Sys::Virt::Domain::STATS_DIRTYRATE_CALC_PERIOD

C<dirtyrate.calc_period>: how long it ran, in seconds.

=item Sys::Virt::Domain::STATS_DIRTYRATE_CALC_MODE

C<dirtyrate.calc_mode>: how it measured: C<page-sampling>, C<dirty-bitmap> or
C<dirty-ring>.

=item Sys::Virt::Domain::STATS_DIRTYRATE_MEGABYTES_PER_SECOND

C<dirtyrate.megabytes_per_second>: the rate the guest changed its memory at, in MiB per
second (once measured).

=item Sys::Virt::Domain::STATS_DIRTYRATE_VCPU_PREFIX

C<dirtyrate.vcpu.>: the prefix of a virtual CPU's dirty-rate keys.

=item Sys::Virt::Domain::STATS_DIRTYRATE_VCPU_SUFFIX_MEGABYTES_PER_SECOND

C<.megabytes_per_second>: the rate for that virtual CPU, in MiB per second.

=item Sys::Virt::Domain::STATS_VM_PREFIX

C<vm.>: the prefix of the hypervisor's own statistics: C<vm.>, the statistic's name, then
a C<STATS_CUSTOM_SUFFIX_TYPE_*> string.

=item Sys::Virt::Domain::STATS_CUSTOM_SUFFIX_TYPE_CUR

C<.cur>: the end of a hypervisor statistic's key: its current value.

=item Sys::Virt::Domain::STATS_CUSTOM_SUFFIX_TYPE_SUM

C<.sum>: the end of such a key: its running total.

=item Sys::Virt::Domain::STATS_CUSTOM_SUFFIX_TYPE_MAX

C<.max>: the end of such a key: its peak value.

=back

=head2 EVENTS

C<EVENT_ID_*> are the C<$eventID> of L<Sys::Virt/domain_event_register_any>. The callback
always gets the connection and the domain first; what follows depends on the event, as
said with each ID. The other C<EVENT_*> constants are the values those arguments take.

=over 4

=item Sys::Virt::Domain::EVENT_ID_LIFECYCLE

The domain started, stopped, was defined... The callback also gets C<$event> and
C<$detail> (see L</"Life-cycle events">).

=item Sys::Virt::Domain::EVENT_ID_REBOOT

The guest rebooted. Nothing more.

=item Sys::Virt::Domain::EVENT_ID_RTC_CHANGE

The guest changed its real-time clock: C<$utcoffset>, its offset from UTC in seconds.

=item Sys::Virt::Domain::EVENT_ID_WATCHDOG

The guest's watchdog fired: C<$action>, an C<EVENT_WATCHDOG_*> value.

=item Sys::Virt::Domain::EVENT_ID_IO_ERROR

A disk had an I/O error: C<$srcPath>, C<$devAlias>, C<$action> (an C<EVENT_IO_ERROR_*>
value).

=item Sys::Virt::Domain::EVENT_ID_IO_ERROR_REASON

The same, with the reason as a fourth argument, a string such as C<enospc>.

=item Sys::Virt::Domain::EVENT_ID_GRAPHICS

A graphics client connected, authenticated or left: C<$phase> (an C<EVENT_GRAPHICS_*>
phase), C<\%local> and C<\%remote> (each with C<family>, C<node> and C<service>),
C<$authScheme> and C<\@identities> (hashes with C<type> and C<name>).

=item Sys::Virt::Domain::EVENT_ID_CONTROL_ERROR

libvirt lost control of the domain (see C<get_control_info>). Nothing more.

=item Sys::Virt::Domain::EVENT_ID_BLOCK_JOB

A block job ended or became ready: C<$path> (the disk's source), C<$type> (a
C<BLOCK_JOB_TYPE_*> value) and C<$status> (C<BLOCK_JOB_COMPLETED> and so on).

=item Sys::Virt::Domain::EVENT_ID_BLOCK_JOB_2

The same, with the disk's target name (such as C<vda>) instead of its path.

=item Sys::Virt::Domain::EVENT_ID_DISK_CHANGE

A disk's medium changed: C<$oldSrcPath>, C<$newSrcPath>, C<$devAlias> and C<$reason> (an
C<EVENT_DISK_*> value).

=item Sys::Virt::Domain::EVENT_ID_TRAY_CHANGE

A removable disk's tray opened or closed: C<$devAlias>, C<$reason> (an
C<EVENT_TRAY_CHANGE_*> value).

=item Sys::Virt::Domain::EVENT_ID_PMWAKEUP

The guest woke up from power-management suspension: C<$reason> (always 0 for now).

=item Sys::Virt::Domain::EVENT_ID_PMSUSPEND

The guest suspended itself to memory: C<$reason> (always 0 for now).

=item Sys::Virt::Domain::EVENT_ID_PMSUSPEND_DISK

The guest suspended itself to disk: C<$reason> (always 0 for now).

=item Sys::Virt::Domain::EVENT_ID_BALLOON_CHANGE

The balloon changed size: C<$actual>, the guest's memory now, in KiB.

=item Sys::Virt::Domain::EVENT_ID_DEVICE_ADDED

A device was added: C<$devAlias>.

=item Sys::Virt::Domain::EVENT_ID_DEVICE_REMOVED

A device was removed: C<$devAlias>.

=item Sys::Virt::Domain::EVENT_ID_DEVICE_REMOVAL_FAILED

The guest refused to release a device: C<$devAlias>.

=item Sys::Virt::Domain::EVENT_ID_TUNABLE

Tunables changed: C<\%params>, the new values under the C<TUNABLE_*> names.

=item Sys::Virt::Domain::EVENT_ID_AGENT_LIFECYCLE

The guest agent connected or went away: C<$state> and C<$reason>
(C<EVENT_AGENT_LIFECYCLE_*> values).

=item Sys::Virt::Domain::EVENT_ID_MIGRATION_ITERATION

A live migration started another pass over the guest's memory: C<$iteration>, its number.

=item Sys::Virt::Domain::EVENT_ID_JOB_COMPLETED

A job finished: C<\%params>, its statistics under the C<JOB_*> names (see
L</"Job statistics">).

=item Sys::Virt::Domain::EVENT_ID_METADATA_CHANGE

The domain's metadata changed: C<$type> (a C<METADATA_*> value) and C<$nsuri>, the
namespace of a changed element (C<undef> for the title and the description).

=item Sys::Virt::Domain::EVENT_ID_BLOCK_THRESHOLD

A disk's allocation passed the threshold set with C<set_block_threshold>: C<$dev>,
C<$path>, C<$threshold> and C<$excess> (bytes beyond it). The threshold is then cleared.

=item Sys::Virt::Domain::EVENT_ID_MEMORY_FAILURE

The hardware reported a memory error: C<$recipient> (C<EVENT_MEMORY_FAILURE_RECIPIENT_*>),
C<$action> (C<EVENT_MEMORY_FAILURE_ACTION_*>) and C<$flags> (C<MEMORY_FAILURE_*> bits).

=item Sys::Virt::Domain::EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE

A memory device (such as a virtio-mem one) changed the size it gives the guest: C<$alias>
and C<$size>, in KiB.

=item Sys::Virt::Domain::EVENT_ID_NIC_MAC_CHANGE

The guest changed a network interface's MAC address: C<$alias>, C<$oldMAC> and C<$newMAC>.
Needs libvirt 11.2.0 or later.

=item Sys::Virt::Domain::EVENT_ID_VCPU_REMOVED

A virtual CPU was unplugged: C<$vcpuid>. Needs libvirt 12.4.0 or later.

=item Sys::Virt::Domain::EVENT_ID_CHANNEL_LIFECYCLE

A program in the guest opened or closed a channel: C<$channel_name>, C<$state> and
C<$reason> (C<EVENT_CHANNEL_LIFECYCLE_*> values). Needs libvirt 12.4.0 or later. See
L<Sys::Virt/"DIFFERENCES FROM THE XS Sys::Virt">.

=back

=head3 Life-cycle events

The C<$event> of C<EVENT_ID_LIFECYCLE> (and of the older
L<Sys::Virt/domain_event_register>) is one of the nine values without a further part in
their name; C<$detail> is one of the values named after that event.

=over 4

=item Sys::Virt::Domain::EVENT_DEFINED

A definition was added or changed.

=item Sys::Virt::Domain::EVENT_DEFINED_ADDED

A new domain was defined.

=item Sys::Virt::Domain::EVENT_DEFINED_UPDATED

The definition of a domain was changed.

=item Sys::Virt::Domain::EVENT_DEFINED_RENAMED

The domain was renamed; this is its new name.

=item Sys::Virt::Domain::EVENT_DEFINED_FROM_SNAPSHOT

The definition was restored from a snapshot.

=item Sys::Virt::Domain::EVENT_UNDEFINED

A definition was removed.

=item Sys::Virt::Domain::EVENT_UNDEFINED_REMOVED

The domain was undefined.

=item Sys::Virt::Domain::EVENT_UNDEFINED_RENAMED

The domain was renamed; this was its old name.

=item Sys::Virt::Domain::EVENT_STARTED

The domain started.

=item Sys::Virt::Domain::EVENT_STARTED_BOOTED

It booted.

=item Sys::Virt::Domain::EVENT_STARTED_MIGRATED

It arrived by migration.

=item Sys::Virt::Domain::EVENT_STARTED_RESTORED

It was restored from a file.

=item Sys::Virt::Domain::EVENT_STARTED_FROM_SNAPSHOT

It was started from a snapshot.

=item Sys::Virt::Domain::EVENT_STARTED_WAKEUP

It started on a wake-up event, after suspending itself to disk.

=item Sys::Virt::Domain::EVENT_STARTED_RECREATED

It was started again as a new instance (of a confidential guest, which cannot reboot in
place).

=item Sys::Virt::Domain::EVENT_SUSPENDED

The domain was paused.

=item Sys::Virt::Domain::EVENT_SUSPENDED_PAUSED

Someone paused it.

=item Sys::Virt::Domain::EVENT_SUSPENDED_MIGRATED

For an offline migration.

=item Sys::Virt::Domain::EVENT_SUSPENDED_IOERROR

Because of a disk I/O error.

=item Sys::Virt::Domain::EVENT_SUSPENDED_WATCHDOG

Because its watchdog fired.

=item Sys::Virt::Domain::EVENT_SUSPENDED_RESTORED

It was restored from a file in the paused state.

=item Sys::Virt::Domain::EVENT_SUSPENDED_FROM_SNAPSHOT

It was restored from a snapshot in the paused state.

=item Sys::Virt::Domain::EVENT_SUSPENDED_API_ERROR

A call that pauses the domain for its work could not resume it.

=item Sys::Virt::Domain::EVENT_SUSPENDED_POSTCOPY

For the post-copy phase of a migration.

=item Sys::Virt::Domain::EVENT_SUSPENDED_POSTCOPY_FAILED

After a post-copy migration failed.

=item Sys::Virt::Domain::EVENT_SUSPENDED_GUEST_SHUTDOWN

The guest shut down while a job (such as a backup) needs the domain; it is kept paused
until the job ends.

=item Sys::Virt::Domain::EVENT_RESUMED

The domain was resumed.

=item Sys::Virt::Domain::EVENT_RESUMED_UNPAUSED

Someone resumed it.

=item Sys::Virt::Domain::EVENT_RESUMED_MIGRATED

At the end of a migration.

=item Sys::Virt::Domain::EVENT_RESUMED_FROM_SNAPSHOT

After reverting to a snapshot.

=item Sys::Virt::Domain::EVENT_RESUMED_POSTCOPY

It runs on the destination while the migration goes on in post-copy mode.

=item Sys::Virt::Domain::EVENT_RESUMED_POSTCOPY_FAILED

It runs, but the post-copy migration failed.

=item Sys::Virt::Domain::EVENT_STOPPED

The domain stopped.

=item Sys::Virt::Domain::EVENT_STOPPED_SHUTDOWN

It shut down.

=item Sys::Virt::Domain::EVENT_STOPPED_DESTROYED

It was destroyed.

=item Sys::Virt::Domain::EVENT_STOPPED_CRASHED

It crashed.

=item Sys::Virt::Domain::EVENT_STOPPED_MIGRATED

It was migrated to another host.

=item Sys::Virt::Domain::EVENT_STOPPED_SAVED

It was saved to a file.

=item Sys::Virt::Domain::EVENT_STOPPED_FAILED

The hypervisor failed.

=item Sys::Virt::Domain::EVENT_STOPPED_FROM_SNAPSHOT

It was reverted to a snapshot taken while it was off.

=item Sys::Virt::Domain::EVENT_STOPPED_RECREATED

It stopped in order to be started again as a new instance.

=item Sys::Virt::Domain::EVENT_SHUTDOWN

The guest finished shutting down (the domain may still be there, as C<on_poweroff> says).

=item Sys::Virt::Domain::EVENT_SHUTDOWN_FINISHED

Its shutdown ended.

=item Sys::Virt::Domain::EVENT_SHUTDOWN_GUEST

It was asked for by the guest itself.

=item Sys::Virt::Domain::EVENT_SHUTDOWN_HOST

It was asked for by the host (such as by a signal).

=item Sys::Virt::Domain::EVENT_PMSUSPENDED

The guest suspended itself.

=item Sys::Virt::Domain::EVENT_PMSUSPENDED_MEMORY

To memory.

=item Sys::Virt::Domain::EVENT_PMSUSPENDED_DISK

To disk.

=item Sys::Virt::Domain::EVENT_CRASHED

The guest crashed.

=item Sys::Virt::Domain::EVENT_CRASHED_PANICKED

Its kernel panicked.

=item Sys::Virt::Domain::EVENT_CRASHED_CRASHLOADED

Its kernel panicked and loaded a crash kernel.

=back

=head3 Other event values

=over 4

=item Sys::Virt::Domain::EVENT_WATCHDOG_NONE

Watchdog: nothing was done.

=item Sys::Virt::Domain::EVENT_WATCHDOG_PAUSE

Watchdog: the guest was paused.

=item Sys::Virt::Domain::EVENT_WATCHDOG_RESET

Watchdog: the guest was reset.

=item Sys::Virt::Domain::EVENT_WATCHDOG_POWEROFF

Watchdog: the guest was powered off.

=item Sys::Virt::Domain::EVENT_WATCHDOG_SHUTDOWN

Watchdog: the guest was asked to shut down.

=item Sys::Virt::Domain::EVENT_WATCHDOG_DEBUG

Watchdog: only a message was logged.

=item Sys::Virt::Domain::EVENT_WATCHDOG_INJECTNMI

Watchdog: a non-maskable interrupt was sent to the guest.

=item Sys::Virt::Domain::EVENT_IO_ERROR_NONE

I/O error: nothing was done.

=item Sys::Virt::Domain::EVENT_IO_ERROR_PAUSE

I/O error: the guest was paused.

=item Sys::Virt::Domain::EVENT_IO_ERROR_REPORT

I/O error: the error was passed on to the guest.

=item Sys::Virt::Domain::EVENT_GRAPHICS_CONNECT

Graphics: a client connected.

=item Sys::Virt::Domain::EVENT_GRAPHICS_INITIALIZE

Graphics: the client passed authentication.

=item Sys::Virt::Domain::EVENT_GRAPHICS_DISCONNECT

Graphics: the client left.

=item Sys::Virt::Domain::EVENT_GRAPHICS_ADDRESS_IPV4

Graphics: the C<family> of an IPv4 address.

=item Sys::Virt::Domain::EVENT_GRAPHICS_ADDRESS_IPV6

Graphics: the C<family> of an IPv6 address.

=item Sys::Virt::Domain::EVENT_GRAPHICS_ADDRESS_UNIX

Graphics: the C<family> of a UNIX socket path.

=item Sys::Virt::Domain::EVENT_DISK_CHANGE_MISSING_ON_START

Disk change: the medium was missing at start, so the drive was left empty.

=item Sys::Virt::Domain::EVENT_DISK_DROP_MISSING_ON_START

Disk change: the source was missing at start, so the disk was dropped.

=item Sys::Virt::Domain::EVENT_TRAY_CHANGE_OPEN

Tray change: the tray opened.

=item Sys::Virt::Domain::EVENT_TRAY_CHANGE_CLOSE

Tray change: the tray closed.

=item Sys::Virt::Domain::EVENT_AGENT_LIFECYCLE_STATE_CONNECTED

Agent: it connected.

=item Sys::Virt::Domain::EVENT_AGENT_LIFECYCLE_STATE_DISCONNECTED

Agent: it went away.

=item Sys::Virt::Domain::EVENT_AGENT_LIFECYCLE_REASON_UNKNOWN

Agent: no reason is known.

=item Sys::Virt::Domain::EVENT_AGENT_LIFECYCLE_REASON_DOMAIN_STARTED

Agent: the domain started.

=item Sys::Virt::Domain::EVENT_AGENT_LIFECYCLE_REASON_CHANNEL

Agent: its channel changed state.

=item Sys::Virt::Domain::EVENT_CHANNEL_LIFECYCLE_STATE_CONNECTED

Channel: a program in the guest opened it.

=item Sys::Virt::Domain::EVENT_CHANNEL_LIFECYCLE_STATE_DISCONNECTED

Channel: it was closed.

=item Sys::Virt::Domain::EVENT_CHANNEL_LIFECYCLE_REASON_UNKNOWN

Channel: no reason is known.

=item Sys::Virt::Domain::EVENT_CHANNEL_LIFECYCLE_REASON_DOMAIN_STARTED

Channel: the domain started.

=item Sys::Virt::Domain::EVENT_CHANNEL_LIFECYCLE_REASON_CHANNEL

Channel: the channel itself changed state.

=item Sys::Virt::Domain::EVENT_MEMORY_FAILURE_RECIPIENT_HYPERVISOR

Memory failure: in the hypervisor's memory.

=item Sys::Virt::Domain::EVENT_MEMORY_FAILURE_RECIPIENT_GUEST

Memory failure: in the guest's memory.

=item Sys::Virt::Domain::EVENT_MEMORY_FAILURE_ACTION_IGNORE

Memory failure: ignored (only for errors that need no action).

=item Sys::Virt::Domain::EVENT_MEMORY_FAILURE_ACTION_INJECT

Memory failure: passed on to the guest as a machine check.

=item Sys::Virt::Domain::EVENT_MEMORY_FAILURE_ACTION_FATAL

Memory failure: the hypervisor could not recover and exits.

=item Sys::Virt::Domain::EVENT_MEMORY_FAILURE_ACTION_RESET

Memory failure: the guest could not handle it and is reset.

=item Sys::Virt::Domain::MEMORY_FAILURE_ACTION_REQUIRED

Memory failure flag: the error needs action (rather than being found, for example, while
scrubbing memory).

=item Sys::Virt::Domain::MEMORY_FAILURE_RECURSIVE

Memory failure flag: it happened while an earlier one was still being handled.

=back

=head3 Tunables

The keys of the hash of C<EVENT_ID_TUNABLE>. A key holds only what changed. The C<cputune>
values are as in C<get_scheduler_parameters> and the C<blkdeviotune> ones as in
C<get_block_iotune>.

=over 4

=item Sys::Virt::Domain::TUNABLE_CPU_CPU_SHARES

C<cputune.cpu_shares>: the CPU shares.

=item Sys::Virt::Domain::TUNABLE_CPU_GLOBAL_PERIOD

C<cputune.global_period>: the period for the whole domain.

=item Sys::Virt::Domain::TUNABLE_CPU_GLOBAL_QUOTA

C<cputune.global_quota>: the quota of the whole domain.

=item Sys::Virt::Domain::TUNABLE_CPU_VCPU_PERIOD

C<cputune.vcpu_period>: the period for each virtual CPU.

=item Sys::Virt::Domain::TUNABLE_CPU_VCPU_QUOTA

C<cputune.vcpu_quota>: the quota of each virtual CPU.

=item Sys::Virt::Domain::TUNABLE_CPU_EMULATOR_PERIOD

C<cputune.emulator_period>: the period for the hypervisor's other threads.

=item Sys::Virt::Domain::TUNABLE_CPU_EMULATOR_QUOTA

C<cputune.emulator_quota>: the quota of those threads.

=item Sys::Virt::Domain::TUNABLE_CPU_IOTHREAD_PERIOD

C<cputune.iothread_period>: the period for the I/O threads.

=item Sys::Virt::Domain::TUNABLE_CPU_IOTHREAD_QUOTA

C<cputune.iothread_quota>: the quota of the I/O threads.

=item Sys::Virt::Domain::TUNABLE_CPU_VCPUPIN

C<cputune.vcpupin%u>: a template (C<%u> stands for a virtual CPU's number): the host CPUs
that virtual CPU is pinned to, as a list such as C<0-3>.

=item Sys::Virt::Domain::TUNABLE_CPU_EMULATORPIN

C<cputune.emulatorpin>: the host CPUs the hypervisor's other threads are pinned to.

=item Sys::Virt::Domain::TUNABLE_IOTHREADSPIN

C<cputune.iothreadpin%u>: a template (C<%u> stands for an I/O thread's ID): the host CPUs
that thread is pinned to.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_DISK

C<blkdeviotune.disk>: the disk whose throttling changed (its target name).

=item Sys::Virt::Domain::TUNABLE_BLKDEV_GROUP_NAME

C<blkdeviotune.group_name>: its throttle group.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_TOTAL_BYTES_SEC

C<blkdeviotune.total_bytes_sec>: its C<total_bytes_sec>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_READ_BYTES_SEC

C<blkdeviotune.read_bytes_sec>: its C<read_bytes_sec>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_WRITE_BYTES_SEC

C<blkdeviotune.write_bytes_sec>: its C<write_bytes_sec>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_TOTAL_IOPS_SEC

C<blkdeviotune.total_iops_sec>: its C<total_iops_sec>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_READ_IOPS_SEC

C<blkdeviotune.read_iops_sec>: its C<read_iops_sec>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_WRITE_IOPS_SEC

C<blkdeviotune.write_iops_sec>: its C<write_iops_sec>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_TOTAL_BYTES_SEC_MAX

C<blkdeviotune.total_bytes_sec_max>: its C<total_bytes_sec_max>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_READ_BYTES_SEC_MAX

C<blkdeviotune.read_bytes_sec_max>: its C<read_bytes_sec_max>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_WRITE_BYTES_SEC_MAX

C<blkdeviotune.write_bytes_sec_max>: its C<write_bytes_sec_max>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_TOTAL_IOPS_SEC_MAX

C<blkdeviotune.total_iops_sec_max>: its C<total_iops_sec_max>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_READ_IOPS_SEC_MAX

C<blkdeviotune.read_iops_sec_max>: its C<read_iops_sec_max>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_WRITE_IOPS_SEC_MAX

C<blkdeviotune.write_iops_sec_max>: its C<write_iops_sec_max>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_TOTAL_BYTES_SEC_MAX_LENGTH

C<blkdeviotune.total_bytes_sec_max_length>: its C<total_bytes_sec_max_length>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_READ_BYTES_SEC_MAX_LENGTH

C<blkdeviotune.read_bytes_sec_max_length>: its C<read_bytes_sec_max_length>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_WRITE_BYTES_SEC_MAX_LENGTH

C<blkdeviotune.write_bytes_sec_max_length>: its C<write_bytes_sec_max_length>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_TOTAL_IOPS_SEC_MAX_LENGTH

C<blkdeviotune.total_iops_sec_max_length>: its C<total_iops_sec_max_length>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_READ_IOPS_SEC_MAX_LENGTH

C<blkdeviotune.read_iops_sec_max_length>: its C<read_iops_sec_max_length>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_WRITE_IOPS_SEC_MAX_LENGTH

C<blkdeviotune.write_iops_sec_max_length>: its C<write_iops_sec_max_length>.

=item Sys::Virt::Domain::TUNABLE_BLKDEV_SIZE_IOPS_SEC

C<blkdeviotune.size_iops_sec>: its C<size_iops_sec>.

=back

=head2 QEMU COMMANDS

The flags of C<qemu_monitor_command> and the special timeouts of C<qemu_agent_command>
(L</"QEMU AND LXC">), from libvirt-qemu.h. The negative timeouts show as 2**64 plus their
value, as the other negative constants do (C<QEMU_AGENT_COMMAND_BLOCK> equals
C<AGENT_RESPONSE_TIMEOUT_BLOCK>, as in C); given as a timeout, they are read back as the
negative C int.

=over 4

=item Sys::Virt::Domain::QEMU_MONITOR_COMMAND_DEFAULT

The command is QMP, in JSON (0).

=item Sys::Virt::Domain::QEMU_MONITOR_COMMAND_HMP

The command is for the human monitor (HMP); libvirt translates it.

=item Sys::Virt::Domain::QEMU_AGENT_COMMAND_MIN

The smallest special timeout (the same as C<QEMU_AGENT_COMMAND_BLOCK>).

=item Sys::Virt::Domain::QEMU_AGENT_COMMAND_BLOCK

Wait for the agent's answer for ever.

=item Sys::Virt::Domain::QEMU_AGENT_COMMAND_DEFAULT

Wait as long as libvirt waits for agent commands by default.

=item Sys::Virt::Domain::QEMU_AGENT_COMMAND_NOWAIT

Do not wait for the answer.

=item Sys::Virt::Domain::QEMU_AGENT_COMMAND_SHUTDOWN

Wait as long as a shutdown through the agent may take: 60 seconds.

=back

=head1 SEE ALSO

L<Sys::Virt>, L<Sys::Virt::DomainSnapshot>, L<Sys::Virt::DomainCheckpoint>,
L<Sys::Virt::Stream>, L<Sys::Virt::Event>, L<Sys::Virt::Error>,
L<https://libvirt.org/formatdomain.html>, L<https://libvirt.org/formatbackup.html>,
L<https://libvirt.org/html/libvirt-libvirt-domain.html>

=cut
