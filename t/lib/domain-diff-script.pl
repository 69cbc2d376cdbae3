#!/usr/bin/perl
# The domain calls of issue #14 exercised on test:///default (a fresh copy of the test
# driver's default state in each process), printing one "LABEL: VALUE" line per
# observation: every Sys::Virt::Domain method the test driver can answer (and the answer
# of those it cannot), Sys::Virt::DomainSnapshot over a small snapshot tree, save and
# restore through a temporary file, the typed-parameter getters and setters, and the
# connection calls added with them. t/56-domain-diff.t runs it once with the reference
# Sys::Virt (the XS module) and once with ours and compares the outputs line by line.
#
# Values that move with time (block and interface counters, CPU times, the guest's clock)
# are shown as their type only ("T<IV>", "T<PV>", ...), with the hash keys kept.
#
# Lines meant to differ carry a prefix t/56 recognises:
#   "NUL LABEL [ARG]: ..."    a NUL byte inside a string argument (Probe::NUL);
#   "UNSAFE LABEL: ..."       a call that crashes the reference or makes it die "Out of
#                             memory!"; run in a forked child (Probe::UNSAFE); ours must
#                             end normally and die with a message;
#   "DELIBERATE LABEL: ..."   a documented difference (t/56 holds ours to its promise).
#
# Every die is shown without its " at FILE line N." (the two modules' files differ).

use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use B ();
use POSIX ();
use File::Temp qw(tempdir);
use Scalar::Util qw(blessed reftype);
use Sys::Virt;
use Probe;

print STDERR "Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
$| = 1;

our $TMP = tempdir('sys-virt-dd-XXXXXX', TMPDIR => 1, CLEANUP => 1);

Probe::configure(
    script  => __FILE__,
    rewrite => sub {
        $_[0] =~ s/\Q$TMP\E/TMP/g;
        $_[0] =~ s/<creationTime>\d+<\/creationTime>/<creationTime>T<\/creationTime>/g;
        # no file positions at all: the die texts are compared without them
        $_[0] =~ s/ at (?:SCRIPT line \d+|\(eval \d+\)(?: line \d+)?|\S+)\.$//mg;
    },
    named   => ['Sys::Virt::Domain' => 'get_name', 'Sys::Virt::DomainSnapshot' => 'get_name'],
    object  => sub { my ($v, $r) = @_;
                     blessed($v) && $v->isa('Sys::Virt::Stream') && reftype($v) eq 'SCALAR'
                         ? "$r(" . ($$v ? 'handle' : 'null') . ")" : undef },
);

# The reference sometimes warns "Attempt to free unreferenced scalar" (its own refcount
# bug, at random): not compared.
{
    my $probe = $SIG{__WARN__};
    $SIG{__WARN__} = sub { return if $_[0] =~ /\AAttempt to free unreferenced scalar/; $probe->(@_) };
}

# The type of a scalar, from its flags: what a value that moves with time is shown as.
sub type_of {
    my ($ref) = @_;
    return 'T<undef>' unless defined $$ref;
    return 'T<' . ref($$ref) . '>' if ref $$ref;
    my $f = B::svref_2object($ref)->FLAGS;
    my @t;
    push @t, ($f & B::SVf_IVisUV() ? 'UV' : 'IV') if $f & B::SVf_IOK();
    push @t, 'NV' if $f & B::SVf_NOK();
    push @t, 'PV' if $f & B::SVf_POK();
    return 'T<' . join(',', @t) . '>';
}

# Replaces, in place and recursively, every value under a hash key matching $re (or every
# scalar at all, $re undef) by its type.
sub mask {
    my ($re, @v) = @_;
    my $walk;
    $walk = sub {
        my ($slot, $key) = @_;
        my $v = $$slot;
        if (ref $v && !blessed($v) && reftype($v) eq 'HASH') {
            $walk->(\$v->{$_}, $_) for keys %$v;
        } elsif (ref $v && !blessed($v) && reftype($v) eq 'ARRAY') {
            $walk->(\$v->[$_], $key) for 0 .. $#$v;
        } elsif (!ref $v && (!defined $re || (defined $key && $key =~ $re))) {
            $$slot = type_of($slot);
        }
    };
    $walk->(\$_, undef) for @v;
    return @v;
}

# One call written as Perl text (the label): list context, or scalar with 'S ' in front;
# mask => regex (or '*') of keys whose values are shown as types; sorted => 1 sorts the
# results (libvirt's order is a hash table's). One line per call, its warnings joined onto
# it, so that a warning only one module gives does not put the outputs out of step.
my ($c, $d);
sub C {
    my ($code, %o) = @_;
    my $scalar = $code =~ s/\AS //;
    my $sub = eval "sub { $code }" or die "bad code $code: $@";
    if ($o{sorted}) {
        my $inner = $sub;
        $sub = sub { sort { show($a) cmp show($b) } $inner->() };
    }
    my $m = $o{mask};
    if ($m) {
        my $re = $m eq '*' ? undef : $m;
        my $inner = $sub;
        $sub = $scalar ? sub { my $r = $inner->(); (mask($re, $r))[0] }
                       : sub { mask($re, $inner->()) };
    }
    return one_line($code, $sub, $scalar);
}
sub one_line {
    my ($label, $sub, $scalar) = @_;
    my @w;
    my @r = do {
        local $SIG{__WARN__} = sub { push @w, $_[0] unless $_[0] =~ /\AAttempt to free unreferenced/ };
        $scalar ? scalar(eval { $sub->() }) : eval { $sub->() };
    };
    my $err = $@;
    my $res = $err ? 'DIE ' . show($err)
            : $scalar ? 'scalar ' . show($r[0])
            : scalar(@r) . ' [' . join(' | ', map { show($_) } @r) . ']';
    print "$label: $res", (@w ? '; warnings: ' . join(' / ', map { norm($_) } @w) : ''), "\n";
    return $scalar ? $r[0] : @r;
}
# The same in a forked child (a crash of the reference ends only the child).
sub U {
    my ($code) = @_;
    my $sub = eval "sub { $code }" or die "bad code $code: $@";
    UNSAFE($code, $sub);
}
# A NUL-byte line (Probe::NUL) from a forked child, so that what the reference does with
# the string cut at the NUL (it creates, sets, saves) leaves this process's state alone.
sub NULF {
    my ($label, $arg, $code) = @_;
    pipe(my $rd, my $wr) or die "pipe: $!";
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        close $rd;
        open STDOUT, '>&', $wr or POSIX::_exit(99);
        $| = 1;
        NUL($label, $arg, $code);
        close STDOUT;
        POSIX::_exit(0);
    }
    close $wr;
    my @lines = <$rd>;
    close $rd;
    waitpid($pid, 0);
    print @lines ? @lines : "NUL $label [$arg]: child ended with status $?\n";
}
# A deliberate difference: a normal line with its own prefix.
# One line only: its warnings (which may differ too) are joined onto it.
sub DELIB {
    my ($code, %o) = @_;
    my $sub = eval "sub { $code }" or die "bad code $code: $@";
    my $m = $o{mask};
    one_line("DELIBERATE $code", $m ? sub { mask($m eq '*' ? undef : $m, $sub->()) } : $sub);
}

sub snapxml { "<domainsnapshot><name>$_[0]</name>" . ($_[1] // '') . "</domainsnapshot>" }
sub ordered { join ',', map { ref $_ ? $_->get_name : $_ } @_ }

# ---------------------------------------------------------------- constants and subs
{
    no strict 'refs';
    for my $p (qw(Sys::Virt::DomainSnapshot)) {
        for my $n (sort keys %{"${p}::"}) {
            my $cv = *{"${p}::$n"}{CODE} or next;
            my $b = B::svref_2object($cv);
            next unless ($b->CvFLAGS & B::CVf_CONST()) && $n ne 'DESTROY';
            print "const ${p}::$n: ", &{"${p}::$n"}(), " proto=", show(prototype("${p}::$n")), "\n";
        }
        print "ISA $p: ", join(',', @{"${p}::ISA"}), "\n";
        print "all subs $p: ", join(',', sort grep { defined &{"${p}::$_"} } keys %{"${p}::"}), "\n";
    }
    for my $n (qw(Sys::Virt::Error::FROM_DOMAIN_SNAPSHOT Sys::Virt::Error::ERR_INVALID_DOMAIN_SNAPSHOT
                  Sys::Virt::Error::ERR_NO_DOMAIN_SNAPSHOT Sys::Virt::Domain::UNDEFINE_SNAPSHOTS_METADATA
                  Sys::Virt::Domain::LIST_HAS_SNAPSHOT Sys::Virt::Domain::LIST_NO_SNAPSHOT)) {
        print "const $n: ", (defined &$n ? &$n() : 'none'), "\n";
    }
    my @subs = map { "Sys::Virt::DomainSnapshot::$_" }
        qw(_new _create_xml _lookup_by_name get_name get_xml_description delete revert_to
           get_parent num_of_child_snapshots list_child_snapshot_names list_child_snapshots
           list_all_children is_current has_metadata DESTROY);
    # (DESTROY is flagged CONST in ours, so that perl frees objects without calling it)
    my @dsubs = grep { $_ ne 'BEGIN' && $_ ne 'import' && $_ ne 'DESTROY' && defined &{"Sys::Virt::Domain::$_"}
                       && !(B::svref_2object(\&{"Sys::Virt::Domain::$_"})->CvFLAGS & B::CVf_CONST()) }
        sort keys %{"Sys::Virt::Domain::"};
    # our own Perl helper of migrate (not a method)
    print "Domain methods: ", join(',', grep { $_ ne '_migrate_params' } @dsubs), "\n";
    push @subs, map { "Sys::Virt::Domain::$_" } @dsubs, 'DESTROY';
    push @subs, map { "Sys::Virt::$_" }
        qw(baseline_cpu baseline_hypervisor_cpu compare_hypervisor_cpu create_domain_with_files
           domain_xml_from_native domain_xml_to_native get_all_domain_stats get_cpu_model_names
           get_node_cpu_map get_node_cpu_stats get_node_free_pages get_node_memory_parameters
           get_node_memory_stats get_node_sev_info node_alloc_pages restore_domain set_identity
           set_node_memory_parameters);
    for my $n (@subs) {
        next if $n eq 'Sys::Virt::Domain::_migrate_params';
        my $kind = !defined &$n ? 'none' : B::svref_2object(\&$n)->XSUB ? 'XS' : 'PERL';
        print "sub $n: $kind proto=", show(defined &$n ? prototype(\&$n) : undef), "\n";
    }
}

$c = Sys::Virt->new(uri => 'test:///default');
$d = $c->get_domain_by_name('test');
our ($C, $D) = ($c, $d);

# ---------------------------------------------------------------- information and statistics
C($_) for (
    'S $d->get_name', '$d->get_state', '$d->get_hostname', '$d->get_hostname(1)',
    '$d->get_disk_errors', '$d->get_disk_errors(1)', '$d->get_emulator_pin_info',
    '$d->get_emulator_pin_info(Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->get_emulator_pin_info(Sys::Virt::Domain::AFFECT_LIVE)', '$d->get_emulator_pin_info(1 << 20)',
    '$d->get_fs_info', '$d->get_fs_info(1)',
    '$d->get_interface_addresses(Sys::Virt::Domain::INTERFACE_ADDRESSES_SRC_LEASE)',
    '$d->get_interface_addresses(Sys::Virt::Domain::INTERFACE_ADDRESSES_SRC_AGENT)',
    '$d->get_interface_addresses(Sys::Virt::Domain::INTERFACE_ADDRESSES_SRC_ARP)',
    '$d->get_interface_addresses(99)', '$d->get_interface_addresses(0, 1)',
    '$d->get_iothread_info', '$d->get_iothread_info(Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->get_iothread_info(1 << 20)',
    '$d->get_guest_info', '$d->get_guest_info(Sys::Virt::Domain::GUEST_INFO_OS)',
    '$d->get_guest_vcpus', '$d->get_security_label', '$d->get_security_label_list',
    '$d->get_messages', '$d->get_messages(1 << 20)', '$d->get_control_info',
    '$d->get_launch_security_info', '$d->get_launch_security_info(0)', '$d->get_job_info',
    '$d->get_job_stats', '$d->get_block_info("vda")', '$d->get_block_info("nope")',
    '$d->get_block_job_info("vda")', '$d->get_scheduler_type', '$d->get_scheduler_parameters',
    '$d->get_max_vcpus', '$d->get_vcpus', '$d->get_vcpus(Sys::Virt::Domain::VCPU_MAXIMUM | Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->memory_stats', '$d->memory_stats(1 << 20)',
    '$d->authorized_ssh_keys_get("root")', '$d->migrate_get_max_speed',
    '$d->migrate_get_max_downtime', '$d->migrate_get_compression_cache',
    '$d->has_managed_save_image', '$d->managed_save_get_xml_description',
);
C($_, mask => qr/\A(?:rd_|wr_|errs|flush_)/) for
    ('$d->block_stats("vda")', '$d->block_stats("vda", 1)', '$d->block_stats("/guest/diskimage1")');
C('$d->block_stats("nope")');
C('$d->block_stats("vda", 1 << 20)');
C('$d->interface_stats("testnet0")', mask => qr/\A(?:rx_|tx_)/);
C('$d->interface_stats("nope")');
C('$d->get_info', mask => qr/\AcpuTime\z/);
C('$d->get_vcpu_info', mask => qr/\AcpuTime\z/);
C('$d->get_vcpu_info(Sys::Virt::Domain::AFFECT_CONFIG)', mask => qr/\AcpuTime\z/);
C('$d->get_vcpu_info(Sys::Virt::Domain::AFFECT_LIVE)', mask => qr/\AcpuTime\z/);
C('$d->get_vcpu_info(1 << 20)');
C('$d->get_cpu_stats(0, 0)', mask => qr/_time\z/);
C('$d->get_cpu_stats(0, 2)', mask => qr/_time\z/);
C('$d->get_cpu_stats(-1, 0)');
C('$d->get_cpu_stats(-1, 2)');
U('$d->get_cpu_stats(0, 2**31)');
C('$d->get_cpu_stats(5, 3)');
C('$d->get_cpu_stats(0, 0, 1 << 20)');
C('$d->get_cpu_stats(-2, 1)');
C('$d->get_time', mask => '*');
C('S $d->get_time', mask => '*');
C('$d->get_time(1)');
C('$d->get_time(1 << 20)');
C('$d->get_metadata(Sys::Virt::Domain::METADATA_DESCRIPTION)');
C('$d->get_metadata(Sys::Virt::Domain::METADATA_ELEMENT, "http://example.org/x")');
C('$d->get_metadata(99)');

# ---------------------------------------------------------------- peeks, keys, file systems
C($_) for (
    'length($d->memory_peek(0, 16, Sys::Virt::Domain::MEMORY_VIRTUAL))',
    '$d->memory_peek(0, 16, Sys::Virt::Domain::MEMORY_VIRTUAL)',
    '$d->memory_peek(0, 16)', '$d->memory_peek(0, 0, Sys::Virt::Domain::MEMORY_PHYSICAL)',
    '$d->memory_peek(0, 16, 0xff)',
    '$d->block_peek("vda", 0, 16)', '$d->block_peek("nope", 0, 16)', '$d->block_peek("vda", 0, 0)',
    '$d->send_key(Sys::Virt::Domain::KEYCODE_SET_LINUX, 100, [28, 29])',
    '$d->send_key(Sys::Virt::Domain::KEYCODE_SET_LINUX, 100, [])',
    '$d->send_key(Sys::Virt::Domain::KEYCODE_SET_LINUX, 100, [(1) x 17])',
    '$d->send_key(Sys::Virt::Domain::KEYCODE_SET_LINUX, 100, [28], 1)',
    '$d->send_key(99, 100, [28])', '$d->send_key(0, 100, ["abc", undef])',
    '$d->fs_freeze([])', '$d->fs_thaw([])', '$d->fs_freeze(["/"])', '$d->fs_thaw(["/"])',
    '$d->fs_freeze(["/", "/boot"])', '$d->fs_thaw(["/", "/boot"])', '$d->fs_freeze([], 1)',
    '$d->fs_freeze(["/nope"])', '$d->fs_thaw(["/nope"])',
    '$d->fs_trim(undef, 0)',
    '$d->authorized_ssh_keys_set("root", ["ssh-rsa AAAA k"])',
    '$d->authorized_ssh_keys_set("root", [], Sys::Virt::Domain::AUTHORIZED_SSH_KEYS_SET_APPEND)',
    '$d->set_user_password("root", "pw")',
    '$d->inject_nmi', '$d->send_process_signal(1, 9)',
    '$d->set_time(1000, 0)', '$d->set_time(1000, 0, 1)',
    '$d->set_memory_stats_period(5)', '$d->set_block_threshold("vda", 1024)',
    '$d->set_lifecycle_action(Sys::Virt::Domain::LIFECYCLE_POWEROFF, Sys::Virt::Domain::LIFECYCLE_ACTION_RESTART)',
    '$d->set_lifecycle_action(99, 0)', '$d->start_dirty_rate_calc(1)',
    '$d->set_agent_response_timeout(5)',
    '$d->block_resize("vda", 1024)', '$d->block_pull("vda", 0)', '$d->abort_block_job("vda")',
    '$d->set_block_job_speed("vda", 1)', '$d->block_rebase("vda", undef, 0)',
    '$d->block_commit("vda", undef, undef, 0)',
    '$d->block_copy("vda", "<disk/>", {})', '$d->block_copy("vda", "<disk/>", { bandwidth => 1 })',
    '$d->migrate_set_max_speed(10)', '$d->migrate_set_max_downtime(10)',
    '$d->migrate_set_compression_cache(10)', '$d->migrate_start_post_copy',
    '$d->abort_job', '$d->get_autostart', '$d->open_graphics_fd(0)',
    '$d->pm_wakeup', '$d->pm_suspend_for_duration(0, 10)',
    '$d->add_iothread(1)', '$d->del_iothread(1)', '$d->set_iothread(1, { poll_max_ns => 1 })',
    '$d->pin_iothread(1, "\x01")',
    '$d->set_launch_security_state({})', '$d->set_launch_security_state({ "sev-secret" => "x" })',
    '$d->fd_associate("x", [])',
    '$d->create_with_files([])',
    '$d->detach_device_alias("nope")',
);
C('$d->get_metadata(Sys::Virt::Domain::METADATA_TITLE)');
C($_) for (
    '$d->set_metadata(Sys::Virt::Domain::METADATA_TITLE, "a title")',
    '$d->get_metadata(Sys::Virt::Domain::METADATA_TITLE)',
    '$d->set_metadata(Sys::Virt::Domain::METADATA_DESCRIPTION, "desc")',
    '$d->get_metadata(Sys::Virt::Domain::METADATA_DESCRIPTION)',
    '$d->set_metadata(Sys::Virt::Domain::METADATA_ELEMENT, "<v>1</v>", "ex", "http://example.org/x")',
    '$d->get_metadata(Sys::Virt::Domain::METADATA_ELEMENT, "http://example.org/x")',
    '$d->get_metadata(Sys::Virt::Domain::METADATA_ELEMENT)',
    '$d->set_metadata(Sys::Virt::Domain::METADATA_ELEMENT, "<v>1</v>")',
    '$d->set_metadata(Sys::Virt::Domain::METADATA_TITLE, undef)',
    '$d->get_metadata(Sys::Virt::Domain::METADATA_TITLE)',
    '$d->set_metadata(Sys::Virt::Domain::METADATA_TITLE)',
    '$d->set_metadata(99, "x")',
    '$d->set_metadata(Sys::Virt::Domain::METADATA_TITLE, "t", undef, undef, 1 << 20)',
);

# ---------------------------------------------------------------- pinning
C($_) for (
    '$d->pin_vcpu(0, "\x01")', '$d->get_vcpu_info(Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->pin_vcpu(1, "\x03", Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->get_vcpu_info(Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->pin_vcpu(7, "\x01")', '$d->pin_vcpu(0, "")', '$d->pin_vcpu(0, "\x01", 1 << 20)',
    '$d->pin_emulator("\x02")', '$d->get_emulator_pin_info',
    '$d->pin_emulator("")', '$d->pin_emulator("\x01", 1 << 20)',
);

# ---------------------------------------------------------------- typed parameters
for my $pair (['memory_parameters', { hard_limit => 1048576, soft_limit => 524288, swap_hard_limit => 2097152 }],
              ['memory_parameters', { hard_limit => 'abc' }],
              ['memory_parameters', { bogus => 1 }],
              ['memory_parameters', {}],
              ['blkio_parameters', { weight => 500 }],
              ['blkio_parameters', { weight => 2**33 + 7 }],
              ['blkio_parameters', { weight => -5 }],
              ['blkio_parameters', { device_weight => '/dev/sda,10' }],
              ['numa_parameters', { numa_mode => 1, numa_nodeset => '0' }],
              ['numa_parameters', { numa_nodeset => '0-1' }],
              ['perf_events', { cmt => 1, cpu_cycles => 1 }],
              ['perf_events', { cmt => 0 }],
              ['scheduler_parameters', { weight => 10 }]) {
    my ($what, $h) = @$pair;
    my $desc = join ',', map { "$_=$h->{$_}" } sort keys %$h;
    one_line("set_$what {$desc}", sub { my $m = "set_$what"; $d->$m($h) });
    one_line("get_$what after {$desc}", sub { my $m = "get_$what"; $d->$m() });
    one_line("get_$what config after {$desc}", sub { my $m = "get_$what"; $d->$m(Sys::Virt::Domain::AFFECT_CONFIG) });
}
C($_) for (
    '$d->set_memory_parameters({ hard_limit => 1 }, 1 << 20)', '$d->get_memory_parameters(1 << 20)',
    '$d->set_blkio_parameters({ weight => 1 }, Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->get_blkio_parameters(Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->get_block_iotune("vda")', '$d->get_block_iotune("vda", Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->get_block_iotune("nope")', '$d->get_block_iotune("vda", 1 << 20)',
    '$d->set_block_iotune("vda", { total_bytes_sec => 1000, group_name => "g1" })',
    '$d->get_block_iotune("vda")',
    '$d->set_block_iotune("vda", { read_iops_sec => 5, bogus => 1 })', '$d->get_block_iotune("vda")',
    '$d->set_block_iotune("vda", { total_bytes_sec => 5, read_bytes_sec => 1 })',
    '$d->set_block_iotune("nope", { total_bytes_sec => 1 })',
    '$d->set_block_iotune("vda", {})',
    '$d->get_interface_parameters("testnet0")', '$d->get_interface_parameters("aa:bb:cc:dd:ee:ff")',
    '$d->get_interface_parameters("nope")',
    '$d->set_interface_parameters("testnet0", { inbound_average => 100, outbound_peak => 7 })',
    '$d->get_interface_parameters("testnet0")',
    '$d->set_interface_parameters("nope", { inbound_average => 1 })',
    '$d->set_numa_parameters({ numa_mode => 99 })', '$d->get_numa_parameters',
    '$d->set_perf_events({ nope => 1 })', '$d->get_perf_events(1 << 20)',
    '$d->get_scheduler_parameters(Sys::Virt::Domain::AFFECT_CONFIG)',
    # flags libvirt refuses: which call says so
    '$d->set_blkio_parameters({ weight => 1 }, 1 << 20)',
    '$d->set_numa_parameters({ numa_mode => 1 }, 1 << 20)',
    '$d->set_perf_events({ cmt => 1 }, 1 << 20)',
    '$d->set_block_iotune("vda", { total_bytes_sec => 1 }, 1 << 20)',
    '$d->set_interface_parameters("testnet0", { "inbound.average" => 1 }, 1 << 20)',
    '$d->set_scheduler_parameters({ weight => 1 }, 1 << 20)',
    '$d->set_memory_parameters({ hard_limit => 3145728 }, Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->get_memory_parameters(Sys::Virt::Domain::AFFECT_CONFIG)',
    '$d->set_interface_parameters("testnet0", { "inbound.average" => 100, "outbound.peak" => 7, "inbound.floor" => "abc" })',
    '$d->get_interface_parameters("testnet0")',
);

# ---------------------------------------------------------------- NUL bytes
NULF('block_stats', 'path', sub { $d->block_stats("vda\0x") });
NULF('get_block_iotune', 'disk', sub { $d->get_block_iotune("vda\0x") });
NULF('set_block_iotune', 'disk', sub { $d->set_block_iotune("vda\0x", { total_bytes_sec => 1 }) });
NULF('get_interface_parameters', 'intf', sub { $d->get_interface_parameters("testnet0\0x") });
NULF('interface_stats', 'path', sub { $d->interface_stats("testnet0\0x") });
NULF('block_peek', 'path', sub { $d->block_peek("vda\0x", 0, 4) });
NULF('set_metadata', 'metadata', sub { $d->set_metadata(Sys::Virt::Domain::METADATA_TITLE, "t\0x") });
NULF('get_metadata', 'uri', sub { $d->get_metadata(Sys::Virt::Domain::METADATA_ELEMENT, "http://example.org/x\0y") });
NULF('create_snapshot', 'xml', sub { $d->create_snapshot(snapxml('nul') . "\0<x/>") });
NULF('get_snapshot_by_name', 'name', sub { $d->get_snapshot_by_name("s1\0x") });
NULF('save', 'to', sub { $d->save("$TMP/nodir/nul\0x") });
NULF('restore_domain', 'from', sub { $c->restore_domain("$TMP/nodir/nul\0x") });
NULF('get_cpu_model_names', 'arch', sub { $c->get_cpu_model_names("x86_64\0x") });
NULF('baseline_cpu', 'xml', sub { $c->baseline_cpu(["<cpu/>\0x"]) });
NULF('fs_freeze', 'mountPoints', sub { $d->fs_freeze(["/\0x"]) });
NULF('authorized_ssh_keys_get', 'user', sub { $d->authorized_ssh_keys_get("root\0x") });
NULF('domain_xml_from_native', 'configtype', sub { $c->domain_xml_from_native("qemu-argv\0x", "x") });
NULF('set_block_iotune group', 'group_name', sub { $d->set_block_iotune("vda", { group_name => "g\0x" }) });
NULF('set_numa_parameters nodeset', 'numa_nodeset', sub { $d->set_numa_parameters({ numa_nodeset => "0\0junk" }) });
C('$d->get_block_iotune("vda")');
C('$d->get_numa_parameters');

# ---------------------------------------------------------------- snapshots
C($_) for ('S $d->num_of_snapshots', 'S $d->has_current_snapshot', '$d->current_snapshot',
           '$d->list_all_snapshots', '$d->list_snapshots', '$d->list_snapshot_names(10)',
           '$d->get_snapshot_by_name("nope")');
our %S;
for my $step (['s1'], ['s2'], ['s3'], ['revert s1'], ['s4', '<description>four</description>'],
              ['revert s2'], ['s5']) {
    my ($n, $extra) = @$step;
    if ($n =~ /\Arevert (\w+)/) {
        my $t = $1;
        one_line("revert_to $t", sub { $S{$t}->revert_to });
        next;
    }
    my ($s) = one_line("create_snapshot $n", sub { $d->create_snapshot(snapxml($n, $extra)) });
    $S{$n} = $s;
}
# s1 -> (s2 -> (s3, s5), s4)
C($_) for ('S $d->num_of_snapshots', 'S $d->has_current_snapshot', '$d->current_snapshot',
           '$d->current_snapshot(1 << 20)');
one_line('list_all_snapshots sorted', sub { names($d->list_all_snapshots) });
one_line('list_snapshots sorted', sub { names($d->list_snapshots) });
one_line('list_snapshot_names sorted', sub { join ',', sort $d->list_snapshot_names(10) });
# fewer names asked for than there are: the reference crashes or dies "Out of memory!"
U($_) for ('scalar(() = $d->list_snapshot_names(2))', '$d->list_snapshot_names(0)',
           '$d->list_snapshot_names(-1)',
           'scalar(() = $main::S{s1}->list_child_snapshot_names(1))',
           '$main::S{s1}->list_child_snapshot_names(0)', '$main::S{s1}->list_child_snapshot_names(-1)');

{
    no strict 'refs';
    for my $f (qw(LIST_ROOTS LIST_DESCENDANTS LIST_TOPOLOGICAL LIST_LEAVES LIST_NO_LEAVES
                  LIST_METADATA LIST_NO_METADATA LIST_INACTIVE LIST_ACTIVE LIST_DISK_ONLY
                  LIST_INTERNAL LIST_EXTERNAL)) {
        my $v = &{"Sys::Virt::DomainSnapshot::$f"}();
        one_line("list_all_snapshots $f", sub { names($d->list_all_snapshots($v)) });
        one_line("num_of_snapshots $f", sub { $d->num_of_snapshots($v) });
        one_line("list_snapshot_names $f", sub { join ',', sort $d->list_snapshot_names(10, $v) });
        for my $n (qw(s1 s2)) {
            one_line("$n list_all_children $f", sub { names($S{$n}->list_all_children($v)) });
            one_line("$n num_of_child_snapshots $f", sub { $S{$n}->num_of_child_snapshots($v) });
            one_line("$n list_child_snapshot_names $f", sub { join ',', sort $S{$n}->list_child_snapshot_names(10, $v) });
        }
    }
    # a topological order puts every parent before its children
    one_line('list_all_snapshots LIST_TOPOLOGICAL order', sub {
        my @s = $d->list_all_snapshots(Sys::Virt::DomainSnapshot::LIST_TOPOLOGICAL);
        my %at;
        @at{ map { $_->get_name } @s } = 0 .. $#s;
        my $ok = 1;
        for my $s (@s) {
            my $p = eval { $s->get_parent };
            $ok &&= $at{ $p->get_name } < $at{ $s->get_name } if $p;
        }
        ($ok ? 'parents first' : 'WRONG ORDER: ' . ordered(@s));
    });
}
for my $n (sort keys %S) {
    my $s = $S{$n};
    one_line("$n get_name", sub { $s->get_name });
    one_line("$n get_xml_description", sub { $s->get_xml_description });
    one_line("$n get_xml_description secure", sub { length $s->get_xml_description(Sys::Virt::DomainSnapshot::XML_SECURE) });
    one_line("$n get_parent", sub { $s->get_parent });
    one_line("$n is_current", sub { $s->is_current });
    one_line("$n has_metadata", sub { $s->has_metadata });
    one_line("$n num_of_child_snapshots", sub { $s->num_of_child_snapshots });
    one_line("$n list_child_snapshot_names", sub { join ',', sort $s->list_child_snapshot_names(10) });
    one_line("$n list_all_children", sub { names($s->list_all_children) });
    one_line("$n is_current bad flags", sub { $s->is_current(1 << 20) });
    one_line("$n get_parent bad flags", sub { $s->get_parent(1 << 20) });
}
DELIB('sort map { $_->get_name } $main::S{s1}->list_child_snapshots');
DELIB('sort map { $_->get_name } $main::S{s3}->list_child_snapshots');
C($_) for ('$d->get_snapshot_by_name("s2")', '$d->get_snapshot_by_name("s2", 1 << 20)',
           '$d->get_snapshot_by_name("nope")', '$d->get_snapshot_by_name("")',
           '$d->create_snapshot(snapxml("s1"))', '$d->create_snapshot("<bogus/>")',
           '$d->create_snapshot(snapxml("x9"), 1 << 30)',
           '$d->create_snapshot(snapxml("s6"), Sys::Virt::DomainSnapshot::CREATE_NO_METADATA)',
           'S $d->num_of_snapshots');
one_line('revert_to s3', sub { $S{s3}->revert_to });
one_line('s3 is_current after revert', sub { $S{s3}->is_current });
one_line('current after revert', sub { $d->current_snapshot });
one_line('revert_to s3 bad flags', sub { $S{s3}->revert_to(1 << 20) });
one_line('revert_to s1 paused', sub { $S{s1}->revert_to(Sys::Virt::DomainSnapshot::REVERT_PAUSED) });
one_line('state after paused revert', sub { $d->get_state });
one_line('revert_to s1 running', sub { $S{s1}->revert_to(Sys::Virt::DomainSnapshot::REVERT_RUNNING) });
one_line('state after running revert', sub { $d->get_state });
one_line('delete s3 bad flags', sub { $S{s3}->delete(1 << 20) });
one_line('delete s2 children only', sub { $S{s2}->delete(Sys::Virt::DomainSnapshot::DELETE_CHILDREN_ONLY) });
one_line('after children only', sub { names($d->list_all_snapshots) });
one_line('s3 get_name after delete', sub { $S{s3}->get_name });
one_line('s3 get_parent after delete', sub { $S{s3}->get_parent });
one_line('s3 is_current after delete', sub { $S{s3}->is_current });
one_line('create s7 under s2', sub { $S{s2}->revert_to; $S{s7} = $d->create_snapshot(snapxml('s7')) });
one_line('delete s1 children', sub { $S{s1}->delete(Sys::Virt::DomainSnapshot::DELETE_CHILDREN) });
one_line('after delete children', sub { names($d->list_all_snapshots) });
one_line('has_current after delete', sub { $d->has_current_snapshot });
one_line('current after delete', sub { $d->current_snapshot });
one_line('s1 delete again', sub { $S{s1}->delete });
one_line('s1 get_name after delete', sub { $S{s1}->get_name });
one_line('DomainSnapshot::_lookup_by_name', sub { Sys::Virt::DomainSnapshot::_lookup_by_name($d, 'nope') });
our $M1XML;
one_line('create m1 m2 and delete metadata only', sub {
    my $m1 = $d->create_snapshot(snapxml('m1'));
    my $m2 = $d->create_snapshot(snapxml('m2'));
    $M1XML = $m1->get_xml_description;
    $m1->delete(Sys::Virt::DomainSnapshot::DELETE_METADATA_ONLY);
    names($d->list_all_snapshots);
});
one_line('redefine m1', sub { $d->create_snapshot($M1XML, Sys::Virt::DomainSnapshot::CREATE_REDEFINE) });
one_line('redefine m1 again, current', sub {
    $d->create_snapshot($M1XML, Sys::Virt::DomainSnapshot::CREATE_REDEFINE | Sys::Virt::DomainSnapshot::CREATE_CURRENT) });
one_line('m1 is_current', sub { $d->get_snapshot_by_name('m1')->is_current });
one_line('snapshots at the end', sub { names($d->list_all_snapshots) });
one_line('snapshot outlives its domain handle', sub {
    my $dd = $c->get_domain_by_name('test');
    my $s = $dd->get_snapshot_by_name('m2');
    undef $dd;
    ($s->get_name, $s->is_current);
});

# ---------------------------------------------------------------- save and restore
my $SVXML = "<domain type='test'><name>sv</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
    . "<memory>8192</memory><os><type>hvm</type></os></domain>";
{
    no warnings 'once';
    $main::SVXML = $SVXML;
}
my $sv;
one_line('create sv', sub { $sv = $c->create_domain($SVXML); $sv->get_name });
our $SV = $sv;
C($_) for (
    '$main::SV->save("$main::TMP/sv.img")', '$main::SV->get_state', 'S $main::SV->is_active',
    '$main::SV->save("$main::TMP/sv.img")',
    '$c->restore_domain("$main::TMP/sv.img")',
    '$main::SV->get_state', 'S $main::SV->is_active',
    '-s "$main::TMP/sv.img" ? "file" : "no file"',
    '$c->get_save_image_xml_description("$main::TMP/sv.img")',
    '$c->restore_domain("$main::TMP/sv.img")',
    '$main::SV->save("$main::TMP/sv2.img", undef, undef, Sys::Virt::Domain::SAVE_PAUSED)',
    '$c->restore_domain("$main::TMP/sv2.img", undef, undef, Sys::Virt::Domain::SAVE_RUNNING)',
    '$main::SV->get_state',
    '$main::SV->save("$main::TMP/sv3.img", "<domain/>")',
    '$main::SV->save(undef, undef, { file => "$main::TMP/sv4.img" })',
    '$main::SV->save("$main::TMP/sv5.img", undef, {})',
    '$main::SV->save("$main::TMP/sv6.img", undef, { file => "$main::TMP/sv6.img" })',
    '$main::SV->save(undef)',
    '$main::SV->save("$main::TMP/sv7.img", undef, undef, 1 << 20)',
    '$c->restore_domain("$main::TMP/nope.img")',
    '$c->restore_domain(undef)',
    '$c->restore_domain(undef, undef, { file => "$main::TMP/sv.img" })',
    '$c->restore_domain("$main::TMP/sv.img", undef, {})',
    '$c->restore_domain("$main::TMP/sv.img", "<domain/>")',
    '$c->restore_domain("$main::TMP/sv.img", undef, undef, 1 << 20)',
    '$main::SV->get_state',
    '$main::SV->managed_save', '$main::SV->has_managed_save_image', '$main::SV->get_state',
    '$main::SV->managed_save_get_xml_description', '$main::SV->managed_save_remove',
    '$main::SV->has_managed_save_image',
    '$main::SV->core_dump("$main::TMP/core")', '$main::SV->core_dump_format("$main::TMP/core", 0)',
);

# ---------------------------------------------------------------- migration (error paths)
{
    our $DC = Sys::Virt->new(uri => 'test:///default');
    C($_) for (
        '$d->migrate($main::DC, 0)', '$d->migrate($main::DC, Sys::Virt::Domain::MIGRATE_LIVE, "x")',
        '$d->migrate($main::DC, 0, undef, undef, 0)', '$d->migrate(undef, 0)',
        '$d->migrate($main::DC, { Sys::Virt::Domain::MIGRATE_PARAM_DEST_NAME => "n" }, 0)',
        '$d->migrate2($main::DC, undef, 0, undef, undef, 0)',
        '$d->migrate_to_uri("test:///default", 0)',
        '$d->migrate_to_uri("test:///default", { Sys::Virt::Domain::MIGRATE_PARAM_BANDWIDTH => 1 }, 0)',
        '$d->migrate_to_uri("test:///default", 0, undef, "x", 0)',
        'Sys::Virt::Domain::_migrate($d, $main::DC, {}, 0)',
        'Sys::Virt::Domain::_migrate($d, $main::DC, { bandwidth => 1, dest_name => "x", bogus => 1 }, 0)',
        'Sys::Virt::Domain::_migrate_to_uri($d, "test:///default", {}, 0)',
        'Sys::Virt::Domain::_migrate($d, $main::DC, { migrate_disks => ["vda"] }, 0)',
        'Sys::Virt::Domain::_migrate($d, $main::DC, { migrate_disks => [] }, 0)',
        'Sys::Virt::Domain::_migrate($d, $main::DC, { bandwidth => "abc" }, 0)',
    );
}

# ---------------------------------------------------------------- the connection
C($_) for (
    '$c->get_node_cpu_stats', '$c->get_node_cpu_stats(0)', '$c->get_node_cpu_stats(1)',
    '$c->get_node_cpu_stats(99)', '$c->get_node_cpu_stats(-1)', '$c->get_node_cpu_stats(-2)',
    '$c->get_node_cpu_stats(-1, 1 << 20)',
    '$c->get_node_free_pages([4, 2048], 0, 1)', '$c->get_node_free_pages([4], 0, 0)',
    '$c->get_node_free_pages([], 0, 1)', '$c->get_node_free_pages([4], 1, 0)',
    '$c->get_node_free_pages([4], 0, 99)', '$c->get_node_free_pages([4, "abc"], 0, 1)',
    '$c->get_node_free_pages([4], 0, 1, 1 << 20)',
    '$c->node_alloc_pages([[4, 10]], 0, 1)', '$c->node_alloc_pages([], 0, 1)',
    '$c->node_alloc_pages([[4, 10], [2048, 1]], 0, 0, Sys::Virt::NODE_ALLOC_PAGES_SET)',
    '$c->get_cpu_model_names("x86_64")', 'S scalar(() = $c->get_cpu_model_names("x86_64"))',
    '$c->get_cpu_model_names("armv7l")', '$c->get_cpu_model_names("nope")',
    '$c->get_cpu_model_names("x86_64", 1 << 20)', '$c->get_cpu_model_names(undef)',
    '$c->get_node_cpu_map', '$c->get_node_cpu_map(1 << 20)', 'S $c->get_node_cpu_map',
    '$c->get_node_memory_stats', '$c->get_node_memory_stats(0)', '$c->get_node_memory_parameters',
    '$c->set_node_memory_parameters({ shm_pages_to_scan => 10 })',
    '$c->set_node_memory_parameters({})',
    '$c->get_node_sev_info', '$c->set_identity({ user_name => "x" })', '$c->set_identity({})',
    '$c->set_identity({ bogus => 1 })', '$c->set_identity({ unix_user_id => 1 }, 1 << 20)',
    '$c->domain_xml_from_native("qemu-argv", "qemu -m 1")',
    '$c->domain_xml_to_native("qemu-argv", $main::SVXML)',
    '$c->baseline_cpu(["<cpu><arch>x86_64</arch><model>Nehalem</model></cpu>"])',
    '$c->baseline_cpu([])', '$c->baseline_cpu(["<bogus/>"])', '$c->baseline_cpu([undef])',
    '$c->baseline_cpu(["<cpu><arch>x86_64</arch><model>Nehalem</model></cpu>"], 1 << 20)',
    '$c->baseline_hypervisor_cpu(undef, undef, undef, undef, ["<cpu><arch>x86_64</arch><model>Nehalem</model></cpu>"])',
    '$c->baseline_hypervisor_cpu("/usr/bin/qemu", "x86_64", "pc", "kvm", [])',
    '$c->compare_hypervisor_cpu(undef, undef, undef, undef, "<cpu/>")',
    '$c->compare_hypervisor_cpu("/usr/bin/qemu", "x86_64", "pc", "kvm", "<cpu/>", 1)',
    '$c->compare_cpu("<cpu><arch>x86_64</arch><model>Nehalem</model></cpu>")',
    '$c->create_domain_with_files("<bogus/>", [])',
);
C('$c->get_all_domain_stats(0)', sorted => 1);
C('$c->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE)', sorted => 1);
C('$c->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE, [$d])', sorted => 1);
C('$c->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE, [$d, $main::SV])', sorted => 1);
C('$c->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE, [])', sorted => 1);
C('$c->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE, undef, Sys::Virt::Domain::GET_ALL_STATS_ACTIVE)', sorted => 1);
C('$c->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE, undef, Sys::Virt::Domain::GET_ALL_STATS_INACTIVE)', sorted => 1);
C('$c->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE, [$d], Sys::Virt::Domain::GET_ALL_STATS_ACTIVE)', sorted => 1);
C('$c->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE, undef, 1 << 29)', sorted => 1);
C('$c->get_all_domain_stats(1 << 29)', sorted => 1);
C('$c->get_all_domain_stats(-1)', sorted => 1, mask => qr/\A(?:cpu|block|net|balloon|vcpu|perf|memory|dirtyrate|iothread)\./);
C('$c->get_all_domain_stats(0xffff, [$d])', sorted => 1, mask => qr/\A(?:cpu|block|net|balloon|vcpu|perf|memory|dirtyrate|iothread)\./);
C('[sort map { $_->get_name } map { $_->{dom} } $c->get_all_domain_stats(0)]');
U('$c->get_all_domain_stats(0, [$main::S{m2}])');
U('$c->get_all_domain_stats(0, ["test"])');
U('$c->get_all_domain_stats(0, [undef])');

# ---------------------------------------------------------------- known differences
# The reference crashes (or dies "Out of memory!") on these; ours dies with a message.
U($_) for (
    '$d->fs_freeze(undef)', '$d->fs_thaw(undef)',
    '$d->fs_freeze("/")', '$d->fs_thaw("/")', '$d->fs_freeze({})', '$d->fs_thaw(1)',
    '$d->authorized_ssh_keys_set("root", "k")', '$d->authorized_ssh_keys_set("root", {})',
    '$c->baseline_cpu("<cpu/>")', '$c->baseline_cpu({})',
    '$c->baseline_hypervisor_cpu(undef, undef, undef, undef, "<cpu/>")',
    '$c->get_node_free_pages(4, 0, 1)', '$c->get_node_free_pages({}, 0, 1)',
    '$c->node_alloc_pages(4, 0, 1)', '$c->node_alloc_pages([4], 0, 1)',
    '$c->get_all_domain_stats(0, 0)', '$c->get_all_domain_stats(0, "x")', '$c->get_all_domain_stats(0, {})',
    '$main::SV->save("$main::TMP/u1.img", undef, "x")', '$main::SV->save("$main::TMP/u2.img", undef, [])',
    '$c->restore_domain("$main::TMP/sv.img", undef, "x")', '$c->restore_domain("$main::TMP/sv.img", undef, 0)',
    'Sys::Virt::Domain::_migrate($d, $main::DC, { migrate_disks => "vda" }, 0)',
    '$d->block_peek("vda", 0, 2**62)',
);
DELIB('$d->get_cpu_stats(-1, 1)', mask => qr/_time\z/);
DELIB('$d->get_cpu_stats(0, 1)', mask => qr/_time\z/);
DELIB('$d->get_cpu_stats(1, 1)', mask => qr/_time\z/);
DELIB('$d->get_cpu_stats(1, 0)', mask => qr/_time\z/);
DELIB('$d->get_cpu_stats(1, 2)', mask => qr/_time\z/);
U('$d->get_cpu_stats(0, -1)');
U('$d->get_cpu_stats(0, [])');
DELIB('$d->migrate_to_uri2("test:///default", undef, undef, 0)');
DELIB('Sys::Virt::Domain::_create_with_files($c, "<bogus/>", "x", 0)');

one_line('domains at the end', sub { names($c->list_all_domains) });
print "END\n";
