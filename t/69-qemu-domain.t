#!/usr/bin/perl
# Sys::Virt::Domain and Sys::Virt::DomainSnapshot on a real QEMU guest (software emulation)
# through the system libvirtd started by tools/libvirtd.sh: what the test driver cannot
# show. The scenario (this same file run with --scenario) makes a guest with a qcow2 disk, a
# tap NIC, VNC and a guest-agent channel (no OS: it sits in its firmware), then
#   - save and restore_domain (running and paused), managed_save, has_managed_save_image,
#     starting from the managed image, managed_save_remove;
#   - an internal snapshot of the running guest and a revert to it, then a tree of four
#     snapshots: list_all_snapshots with LIST_ROOTS/LIST_LEAVES/LIST_TOPOLOGICAL,
#     list_all_children with LIST_DESCENDANTS, get_parent, num_of_child_snapshots,
#     delete with DELETE_CHILDREN;
#   - block_stats, memory_stats, get_all_domain_stats (with and without a domain list, with
#     stats groups and flags), get_vcpu_info, get_cpu_stats, get_block_info,
#     interface_stats, the memory/blkio/NUMA parameters, get_block_iotune and a
#     set_block_iotune round trip;
#   - hotplug of a USB disk (attach_device/detach_device, also with flags, live and config)
#     and update_device on the VNC graphics;
#   - screenshot into a stream, received with recv_all;
#   - what needs a guest agent or a second host (fs_freeze/fs_thaw, get_fs_info,
#     get_interface_addresses from the agent, get_hostname, get_time, migrate*): the
#     argument handling, and the errors libvirt gives without an agent or a destination.
# Values that change from run to run (counters, times, paths, names) are printed as their
# shape (the keys and whether each value is a number), the rest as they are.
#
# The scenario runs in a child with whichever Sys::Virt is first in @INC (under prove -b,
# the built one); its main facts are checked here, and the parts that need a guest agent or
# a second host are reported as skipped with the reason. With the reference module
# installed it runs once more with the reference (PERL5LIB/PERLLIB/PERL5OPT unset, only the
# reference's directory with -I) and the two outputs must agree line by line, except for
# the UNSAFE lines (calls that crash the reference; ours must answer with an error). Each
# run has its own guest (sysvirt-t69-...) and directory; what a run leaves behind is
# removed here and counts as a failure.

use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Path ();
use File::Spec;
use File::Temp ();

use lib File::Spec->catdir(dirname(__FILE__), 'lib');
use TestDriver qw(reference_skip_reason);
use Differential qw(quiet qemu_connect_or_skip run_tracked check_current_run facts check_facts
                    check_reference_run compare_lines KNOWN_UNSAFE);

# The child: the scenario with whichever Sys::Virt comes first in @INC.
if (@ARGV && $ARGV[-1] eq '--scenario') {
    pop @ARGV;
    exit scenario(@ARGV);
}

my $SOCK = '/var/run/libvirt/libvirt-sock';
my $script = File::Spec->rel2abs(__FILE__);

plan(skip_all => 'needs root (the real libvirtd runs as root and must reach our directory)') if $> != 0;
plan(skip_all => "no libvirtd socket $SOCK (run tools/libvirtd.sh start)") unless -S $SOCK;
for my $tool (qw(qemu-img qemu-system-x86_64)) {
    plan(skip_all => "$tool not found") unless grep { -x "$_/$tool" } split /:/, $ENV{PATH} // '';
}
plan(skip_all => 'no /dev/net/tun (the guest has a tap NIC)') unless -c '/dev/net/tun';
qemu_connect_or_skip();

# ---------------------------------------------------------------- leftovers
# Removes a guest (with its snapshots and managed save image) and its directory, without
# relying on the module under test: virsh when there, else Sys::Virt. Returns what had to
# be removed.
sub remove_leftovers {
    my ($name, $dir) = @_;
    my @left;
    my ($virsh) = grep { -x } map { "$_/virsh" } split(/:/, $ENV{PATH} // ''), '/usr/bin';
    if ($virsh) {
        my @v = ($virsh, '-q', '-c', 'qemu:///system');
        if (quiet(@v, 'dominfo', $name)) {
            push @left, "domain $name";
            quiet(@v, 'destroy', $name);
            quiet(@v, 'undefine', '--managed-save', '--snapshots-metadata', $name);
            quiet(@v, 'undefine', $name);
        }
    } else {
        my $d = eval { Sys::Virt->new(uri => 'qemu:///system')->get_domain_by_name($name) };
        if ($d) {
            push @left, "domain $name";
            eval { $d->destroy };
            eval { $d->undefine(Sys::Virt::Domain::UNDEFINE_MANAGED_SAVE()
                                | Sys::Virt::Domain::UNDEFINE_SNAPSHOTS_METADATA()) };
        }
    }
    File::Path::remove_tree($dir) if -d $dir;
    return @left;
}

# Each run gets its own guest name, tap name and directory (under /var/tmp: the daemon
# writes the save files there); returns what run_perl returns.
sub run_scenario {
    my ($which, $tag) = @_;
    my $dir = File::Temp::tempdir("sysvirt-t69$tag-XXXXXX", DIR => '/var/tmp', CLEANUP => 0);
    return run_tracked($which, $script, \&remove_leftovers, "sysvirt-t69-$tag-$$", $dir,
                       "svt69$tag$$", '--scenario');
}

my ($pm, $out, $err, $status) = run_scenario('current', 'c');
check_current_run($pm, $out, $err, $status);

my %got = %{ facts($out) };
my $N = qr/\d+/;
my @expect = (
    ['define'                         => '1 [Sys::Virt::Domain/SCALAR(NAME)]', 'the guest is defined'],
    ['create'                         => '0 []', 'the guest starts'],
    ['state running'                  => '2 [1 | 1]', 'get_state: running, booted'],
    # save and restore
    ['save'                           => '0 []', 'save to a file'],
    ['after save is_active'           => '1 [0]', 'the guest is stopped after save'],
    ['after save state'               => '2 [5 | 5]', '... shut off, saved'],
    ['saved file exists'              => '1 [1]', 'the save file is there'],
    ['save_image_get_xml_description' => qr/\A1 \[.*<name>NAME<\/name>/, 'the save file holds the domain XML'],
    ['restore_domain'                 => '1 [undef]', 'restore_domain'],
    ['after restore state'            => '2 [1 | 3]', 'the guest is running again, restored'],
    ['save again'                     => '0 []', 'save again'],
    ['restore_domain SAVE_PAUSED'     => '1 [undef]', 'restore_domain with SAVE_PAUSED'],
    ['after paused restore state'     => qr/\A2 \[3 \| \d+\]\z/, '... leaves the guest paused'],
    ['resume'                         => '0 []', 'resume'],
    ['restore_domain missing file'    => qr/\ADIE ERR ref=Sys::Virt::Error code=38 /, 'restoring a missing file: error 38'],
    # managed save
    ['has_managed_save_image before'  => '1 [0]', 'no managed save image at first'],
    ['managed_save'                   => '0 []', 'managed_save'],
    ['after managed_save state'       => '2 [5 | 5]', '... stops the guest (saved)'],
    ['has_managed_save_image'         => '1 [1]', 'has_managed_save_image after managed_save'],
    ['managed_save_get_xml_description' => qr/\A1 \[.*<name>NAME<\/name>/, 'managed_save_get_xml_description'],
    ['list LIST_MANAGEDSAVE'          => '1 [1]', 'listed with LIST_MANAGEDSAVE'],
    ['create from managed save'       => '0 []', 'create starts from the managed image'],
    ['after managed start state'      => '2 [1 | 3]', '... restored'],
    ['has_managed_save_image after start' => '1 [0]', '... which is then gone'],
    ['managed_save 2'                 => '0 []', 'managed_save again'],
    ['managed_save_remove'            => '0 []', 'managed_save_remove'],
    ['has_managed_save_image after remove' => '1 [0]', '... removes the image'],
    ['create after remove'            => '0 []', 'a fresh boot after that'],
    ['after fresh start state'        => '2 [1 | 1]', '... booted'],
    # snapshots
    ['create_snapshot s1'             => '1 [Sys::Virt::DomainSnapshot/SCALAR(s1)]', 'internal snapshot of the running guest'],
    ['s1 xml state'                   => "1 [<state>running</state> | <memory snapshot='internal'/> | <disk name='vda' snapshot='internal'/>]", '... with memory, internal on vda'],
    ['s1 is_current'                  => '1 [1]', 's1 is current'],
    ['qemu-img snapshot list'         => '1 [s1]', 'the qcow2 file holds s1'],
    ['pause before revert'            => '0 []', 'suspend'],
    ['revert_to s1'                   => '0 []', 'revert_to'],
    ['after revert state'             => '2 [1 | 4]', 'running again, from the snapshot'],
    ['revert_to s1 REVERT_PAUSED'     => '0 []', 'revert_to with SNAPSHOT_REVERT_PAUSED'],
    ['after paused revert state'      => qr/\A2 \[3 \| \d+\]\z/, '... paused'],
    ['create_snapshot s2'             => '1 [Sys::Virt::DomainSnapshot/SCALAR(s2)]', 's2'],
    ['create_snapshot s3'             => '1 [Sys::Virt::DomainSnapshot/SCALAR(s3)]', 's3'],
    ['create_snapshot s4'             => '1 [Sys::Virt::DomainSnapshot/SCALAR(s4)]', 's4 after reverting to s1'],
    ['num_of_snapshots'               => '1 [4]', 'num_of_snapshots'],
    ['list_snapshot_names'            => '1 [s1,s2,s3,s4]', 'list_snapshot_names'],
    ['list_all_snapshots'             => '1 [s1,s2,s3,s4]', 'list_all_snapshots'],
    ['LIST_ROOTS'                     => '1 [s1]', 'LIST_ROOTS'],
    ['LIST_LEAVES'                    => '1 [s3,s4]', 'LIST_LEAVES'],
    ['LIST_TOPOLOGICAL first'         => '1 [s1]', 'LIST_TOPOLOGICAL puts the root first'],
    ['LIST_TOPOLOGICAL parents first' => '1 [1]', '... and every parent before its children'],
    ['s1 LIST_DESCENDANTS'            => '1 [s2,s3,s4]', 'descendants of s1'],
    ['s1 children'                    => '1 [s2,s4]', 'children of s1'],
    ['s1 num_of_child_snapshots'      => '1 [2]', 'num_of_child_snapshots'],
    ['s1 num_of_child_snapshots DESCENDANTS' => '1 [3]', 'num_of_child_snapshots with LIST_DESCENDANTS'],
    ['s1 list_child_snapshot_names'   => '1 [s2,s4]', 'list_child_snapshot_names'],
    ['s3 get_parent'                  => '1 [Sys::Virt::DomainSnapshot/SCALAR(s2)]', 'get_parent'],
    ['s1 get_parent'                  => qr/\ADIE ERR ref=Sys::Virt::Error code=72 /, 'the root has no parent: error 72'],
    ['current_snapshot'               => '1 [Sys::Virt::DomainSnapshot/SCALAR(s4)]', 'current_snapshot'],
    ['s2 delete DELETE_CHILDREN'      => '0 []', 'delete with DELETE_CHILDREN'],
    ['after delete names'             => '1 [s1,s4]', '... takes s2 and s3'],
    ['qemu-img snapshots after delete' => '1 [s1,s4]', '... out of the qcow2 file too'],
    ['s3 after delete'                => qr/\ADIE ERR ref=Sys::Virt::Error code=72 /, 'a deleted child: error 72'],
    ['s1 delete DELETE_CHILDREN'      => '0 []', 'delete the rest'],
    ['num_of_snapshots after'         => '1 [0]', 'none left'],
    # statistics
    ['block_stats vda'                => '1 [HASH{flush_reqs=n,flush_total_times=n,rd_bytes=n,rd_req=n,rd_total_times=n,wr_bytes=n,wr_req=n,wr_total_times=n}]', 'block_stats keys as the reference renames them'],
    ['memory_stats'                   => qr/\A1 \[HASH\{actual_balloon=n,.*\brss=n\b/, 'memory_stats'],
    ['get_all_domain_stats list'      => qr/\A3 \[1 \| Sys::Virt::Domain\/SCALAR\(NAME\) \| HASH\{balloon\..*block\.0\.rd\.bytes=n.*net\.0\.rx\.bytes=n.*state\.state=n.*vcpu\.current=n/, 'get_all_domain_stats for a list'],
    ['get_all_domain_stats STATS_STATE' => '3 [1 | Sys::Virt::Domain/SCALAR(NAME) | HASH{state.reason=n,state.state=n}]', 'one stats group'],
    ['get_all_domain_stats all'       => '1 [1]', 'without a list: our guest is among them'],
    ['get_vcpu_info'                  => '1 [HASH{affinity=s,cpu=n,cpuTime=n,number=n,state=n}]', 'get_vcpu_info'],
    ['get_block_info'                 => '1 [HASH{allocation=n,capacity=n,physical=n}]', 'get_block_info'],
    ['get_block_info capacity'        => '1 [67108864]', '... capacity is the 64 MiB of the image'],
    ['interface_stats'                => '1 [HASH{rx_bytes=n,rx_drop=n,rx_errs=n,rx_packets=n,tx_bytes=n,tx_drop=n,tx_errs=n,tx_packets=n}]', 'interface_stats on the tap'],
    ['get_block_iotune'               => qr/\A1 \[HASH\/HASH\{group_name=,.*total_bytes_sec=0,.*total_iops_sec=0,/, 'get_block_iotune'],
    ['set_block_iotune'               => '0 []', 'set_block_iotune on the live disk'],
    ['get_block_iotune after set'     => '1 [1048576 | 200]', '... round trip'],
    # devices
    ['attach_device usb disk'         => '0 []', 'attach_device'],
    ['live xml has sda'               => '1 [1]', '... the disk is there'],
    ['detach_device usb disk'         => '0 []', 'detach_device'],
    ['live xml has sda after detach'  => '1 [0]', '... and gone'],
    ['attach_device LIVE|CONFIG'      => '0 []', 'attach_device with DEVICE_MODIFY_LIVE|CONFIG'],
    ['sda live, config'               => '1 [1 | 1]', '... in the live and the persistent XML'],
    ['detach_device LIVE|CONFIG'      => '0 []', 'detach_device with flags'],
    ['sda live, config after detach'  => '1 [0 | 0]', '... gone from both'],
    ['update_device with flags'       => '0 []', 'update_device with DEVICE_MODIFY_LIVE'],
    # screenshot
    ['screenshot mime'                => '1 [image/png]', 'screenshot into a stream'],
    ['screenshot data'                => '2 [PNG | more than 1000 bytes]', '... a PNG arrived through recv_all'],
    ['screenshot header'              => '1 [PNG header, IHDR 720x400]', '... of the VGA text screen'],
    ['END destroy'                    => '0 []', 'destroy'],
    ['END undefine'                   => '0 []', 'undefine'],
);
check_facts(\%got, \@expect);

# What needs a guest agent or a second host: the argument handling is in the output (and
# compared with the reference below); the operations themselves cannot be done here.
SKIP: {
    skip 'fs_freeze/fs_thaw/get_fs_info/get_interface_addresses(SRC_AGENT)/get_hostname/get_time: '
        . 'the guest has no OS, so no guest agent answers (only the errors are checked)', 1;
}
SKIP: {
    skip 'migrate/migrate_to_uri: needs a second host with libvirtd (only the argument handling '
        . 'and the refusal to migrate to the same host are checked)', 1;
}
like($got{'fs_freeze'} // 'missing', qr/\ADIE ERR ref=Sys::Virt::Error code=86 /,
     'fs_freeze without an agent: error 86 (ERR_AGENT_UNRESPONSIVE)');
like($got{'get_interface_addresses SRC_AGENT'} // 'missing', qr/\ADIE ERR ref=Sys::Virt::Error code=86 /,
     'get_interface_addresses from the agent: error 86');
like($got{'migrate to the same host'} // 'missing', qr/\ADIE ERR ref=Sys::Virt::Error /,
     'migrate to the same host is refused');

# ---------------------------------------------------------------- against the reference
SKIP: {
    my $no_ref = reference_skip_reason('Sys/Virt/DomainSnapshot.pm');
    skip "$no_ref: no comparison", 1 if defined $no_ref;
    my ($ref_pm, $ref_out, $ref_err, $ref_status) = run_scenario('reference', 'r');
    check_reference_run($ref_pm, $ref_out, $ref_err, $ref_status);
    my @KNOWN = (KNOWN_UNSAFE,
        [qr/\A(s1 list_child_snapshots): /,
         "the reference's list_child_snapshots makes each child with _new(domain => the parent "
           . 'snapshot), which fails inside an eval, so it always returns an empty list; ours '
           . 'returns the children (as list_all_children does)',
         sub { $_[0] eq "$_[1]: 1 [s2,s4]" }],
        [qr/\A(migrate_to_uri2 nowhere): /,
         "the reference's migrate_to_uri2 calls _migrate_to_uri2, which its XS does not define, "
           . 'so it always dies with "Can\'t locate object method"; ours migrates, and fails '
           . 'here with libvirt\'s error',
         sub { $_[0] =~ /\A\Q$_[1]\E: DIE ERR ref=Sys::Virt::Error / }]);
    compare_lines($ref_out, $out, known => \@KNOWN, max => 40,
                  summary => sub { "$_[0] lines identical to the reference's, $_[1] intended differences" },
                  count => 'same number of lines as the reference');
}

done_testing();

# ================================================================ the scenario
# Runs in the child: scenario(NAME, DIR, TAP). Prints "LABEL: VALUE" lines (see Probe.pm),
# "END" last; removes the guest itself at the end (the parent checks that it did).
sub scenario {
    my ($name, $dir, $tap) = @_;
    require Sys::Virt;
    require Probe;
    Probe->import;
    print STDERR "Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
    $| = 1;
    my $file = File::Spec->rel2abs(__FILE__);
    Probe::configure(
        script  => $file,
        rewrite => sub { $_[0] =~ s/\Q$name\E/NAME/g; $_[0] =~ s/\Q$dir\E/DIR/g;
                         $_[0] =~ s/\Q$tap\E/TAP/g;
                         $_[0] =~ s/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/UUID/g },
        named   => ['Sys::Virt::Domain' => 'get_name', 'Sys::Virt::DomainSnapshot' => 'get_name'],
        error   => 'plain',
    );
    my $ok = eval { run_scenario_body($name, $dir, $tap); 1 };
    print "scenario died: ", Probe::norm("$@"), "\n" unless $ok;
    print "END\n";
    return 0;
}

# The shape of a stats hash: its keys, each with "n" for a number, "s" for anything else
# (or the value itself for keys listed in %keep).
sub shape {
    my ($h, %keep) = @_;
    return Probe::show($h) unless ref $h eq 'HASH';
    return 'HASH{' . join(',', map {
        my $v = $h->{$_};
        "$_=" . ($keep{$_} ? Probe::show($v)
                 : ref $v ? Probe::show($v)
                 : defined $v && $v =~ /\A-?\d+(?:\.\d+)?(?:e[-+]?\d+)?\z/i ? 'n' : 's')
    } sort keys %$h) . '}';
}

sub run_scenario_body {
    my ($name, $dir, $tap) = @_;
    my $conn = Sys::Virt->new(uri => 'qemu:///system');
    my $disk = "$dir/disk.qcow2";
    system('qemu-img', 'create', '-q', '-f', 'qcow2', $disk, '64M') == 0 or die "qemu-img create failed\n";
    system('qemu-img', 'create', '-q', '-f', 'raw', "$dir/usb.raw", '1M') == 0 or die "qemu-img create failed\n";
    my $xml = <<"EOF";
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <on_poweroff>destroy</on_poweroff>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$disk'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='ethernet'>
      <mac address='52:54:00:69:00:01'/>
      <target dev='$tap'/>
      <model type='virtio'/>
    </interface>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video><model type='vga'/></video>
    <memballoon model='virtio'/>
  </devices>
</domain>
EOF
    my ($dom) = L('define', sub { $conn->define_domain($xml) });
    die "no domain\n" unless $dom;
    my $state = sub { my $l = shift; L($l, sub { $dom->get_state }) };
    my $cleanup = sub {
        L('END destroy', sub { $dom->destroy; () });
        L('END undefine', sub { $dom->undefine(Sys::Virt::Domain::UNDEFINE_MANAGED_SAVE()
                                               | Sys::Virt::Domain::UNDEFINE_SNAPSHOTS_METADATA()); () });
    };
    my $ok = eval {
        L('create', sub { $dom->create; () });
        $state->('state running');

        # ------------------------------------------------ save and restore
        my $save = "$dir/saved.img";
        L('save', sub { $dom->save($save); () });
        L('after save is_active', sub { $dom->is_active });
        $state->('after save state');
        L('saved file exists', sub { -s $save ? 1 : 0 });
        L('save_image_get_xml_description', sub { $conn->get_save_image_xml_description($save) });
        L('restore_domain', sub { scalar $conn->restore_domain($save) });
        $state->('after restore state');
        L('save again', sub { $dom->save($save); () });
        L('restore_domain SAVE_PAUSED', sub {
            scalar $conn->restore_domain($save, undef, undef, Sys::Virt::Domain::SAVE_PAUSED()) });
        $state->('after paused restore state');
        L('resume', sub { $dom->resume; () });
        L('restore_domain missing file', sub { scalar $conn->restore_domain("$dir/nothing.img") });
        L('restore_domain dxml', sub {
            $dom->save($save);
            my $dx = $conn->get_save_image_xml_description($save);
            scalar $conn->restore_domain($save, $dx);
        });
        $state->('after dxml restore state');

        # ------------------------------------------------ managed save
        L('has_managed_save_image before', sub { $dom->has_managed_save_image });
        L('managed_save', sub { $dom->managed_save; () });
        $state->('after managed_save state');
        L('has_managed_save_image', sub { $dom->has_managed_save_image });
        L('managed_save_get_xml_description', sub { $dom->managed_save_get_xml_description });
        L('list LIST_MANAGEDSAVE', sub {
            scalar grep { $_->get_name eq $name } $conn->list_all_domains(Sys::Virt::Domain::LIST_MANAGEDSAVE()) });
        L('create from managed save', sub { $dom->create; () });
        $state->('after managed start state');
        L('has_managed_save_image after start', sub { $dom->has_managed_save_image });
        L('managed_save 2', sub { $dom->managed_save; () });
        L('managed_save_remove', sub { $dom->managed_save_remove; () });
        L('has_managed_save_image after remove', sub { $dom->has_managed_save_image });
        L('managed_save_remove again', sub { $dom->managed_save_remove; () });
        L('create after remove', sub { $dom->create; () });
        $state->('after fresh start state');

        snapshots($conn, $dom, $disk);
        statistics($conn, $dom, $name, $tap);
        devices($conn, $dom, $dir);
        screenshot($conn, $dom);
        agent_and_migration($conn, $dom);
        1;
    };
    print "scenario died: ", Probe::norm("$@"), "\n" unless $ok;
    $cleanup->();
    return;
}

sub snapshots {
    my ($conn, $dom, $disk) = @_;
    my $SNAP = 'Sys::Virt::DomainSnapshot';
    my $names = sub { [join ',', sort map { $_->get_name } @_] };
    my $snapxml = sub { "<domainsnapshot><name>$_[0]</name><description>t69 $_[0]</description></domainsnapshot>" };
    my %s;
    ($s{s1}) = L('create_snapshot s1', sub { $dom->create_snapshot($snapxml->('s1')) });
    L('s1 xml state', sub {
        my $x = $s{s1}->get_xml_description;
        join ' | ', map { $x =~ /($_)/ ? $1 : "no $_" }
            qr{<state>\w+</state>}, qr{<memory snapshot='\w+'[^>]*/>}, qr{<disk name='vda' snapshot='\w+'/>};
    });
    L('s1 get_name', sub { $s{s1}->get_name });
    L('s1 is_current', sub { $s{s1}->is_current });
    L('s1 has_metadata', sub { $s{s1}->has_metadata });
    L('qemu-img snapshot list', sub { join ',', qemu_img_snapshots($disk) });
    L('pause before revert', sub { $dom->suspend; () });
    L('revert_to s1', sub { $s{s1}->revert_to; () });
    L('after revert state', sub { $dom->get_state });
    L('revert_to s1 REVERT_PAUSED', sub { $s{s1}->revert_to(Sys::Virt::DomainSnapshot::REVERT_PAUSED()); () });
    L('after paused revert state', sub { $dom->get_state });
    L('resume after revert', sub { $dom->resume; () });
    ($s{s2}) = L('create_snapshot s2', sub { $dom->create_snapshot($snapxml->('s2')) });
    ($s{s3}) = L('create_snapshot s3', sub { $dom->create_snapshot($snapxml->('s3')) });
    L('revert_to s1 for s4', sub { $s{s1}->revert_to; () });
    ($s{s4}) = L('create_snapshot s4', sub { $dom->create_snapshot($snapxml->('s4')) });
    L('create_snapshot s4 again', sub { $dom->create_snapshot($snapxml->('s4')) });
    L('num_of_snapshots', sub { $dom->num_of_snapshots });
    L('list_snapshot_names', sub { join ',', sort $dom->list_snapshot_names($dom->num_of_snapshots) });
    L('list_snapshot_names without maxnames', sub { $dom->list_snapshot_names });
    L('list_snapshots', sub { @{ $names->($dom->list_snapshots) } });
    L('list_all_snapshots', sub { @{ $names->($dom->list_all_snapshots) } });
    L('list_all_snapshots classes', sub { join ',', sort { $a cmp $b } map { ref } $dom->list_all_snapshots });
    L('LIST_ROOTS', sub { @{ $names->($dom->list_all_snapshots(Sys::Virt::DomainSnapshot::LIST_ROOTS())) } });
    L('LIST_LEAVES', sub { @{ $names->($dom->list_all_snapshots(Sys::Virt::DomainSnapshot::LIST_LEAVES())) } });
    L('LIST_NO_LEAVES', sub { @{ $names->($dom->list_all_snapshots(Sys::Virt::DomainSnapshot::LIST_NO_LEAVES())) } });
    L('LIST_INTERNAL', sub { @{ $names->($dom->list_all_snapshots(Sys::Virt::DomainSnapshot::LIST_INTERNAL())) } });
    L('LIST_EXTERNAL', sub { @{ $names->($dom->list_all_snapshots(Sys::Virt::DomainSnapshot::LIST_EXTERNAL())) } });
    L('LIST_ACTIVE', sub { @{ $names->($dom->list_all_snapshots(Sys::Virt::DomainSnapshot::LIST_ACTIVE())) } });
    my @topo = map { $_->get_name } $dom->list_all_snapshots(Sys::Virt::DomainSnapshot::LIST_TOPOLOGICAL());
    L('LIST_TOPOLOGICAL first', sub { $topo[0] });
    L('LIST_TOPOLOGICAL parents first', sub {
        my %pos; @pos{@topo} = 0 .. $#topo;
        (@topo == 4 && $pos{s1} < $pos{s2} && $pos{s2} < $pos{s3} && $pos{s1} < $pos{s4}) ? 1 : 0;
    });
    L('s1 LIST_DESCENDANTS', sub { @{ $names->($s{s1}->list_all_children(Sys::Virt::DomainSnapshot::LIST_DESCENDANTS())) } });
    L('s1 children', sub { @{ $names->($s{s1}->list_all_children) } });
    L('s1 num_of_child_snapshots', sub { $s{s1}->num_of_child_snapshots });
    L('s1 num_of_child_snapshots DESCENDANTS', sub { $s{s1}->num_of_child_snapshots(Sys::Virt::DomainSnapshot::LIST_DESCENDANTS()) });
    L('s1 list_child_snapshot_names', sub { join ',', sort $s{s1}->list_child_snapshot_names($s{s1}->num_of_child_snapshots) });
    L('s1 list_child_snapshot_names without maxnames', sub { $s{s1}->list_child_snapshot_names });
    L('s1 list_child_snapshots', sub { @{ $names->($s{s1}->list_child_snapshots) } });
    L('s3 get_parent', sub { $s{s3}->get_parent });
    L('s1 get_parent', sub { $s{s1}->get_parent });
    L('s2 xml parent', sub { $s{s2}->get_xml_description =~ m{<parent>\s*<name>(\w+)</name>} ? $1 : 'none' });
    L('current_snapshot', sub { $dom->current_snapshot });
    L('has_current_snapshot', sub { $dom->has_current_snapshot });
    L('get_snapshot_by_name s3', sub { $dom->get_snapshot_by_name('s3') });
    L('get_snapshot_by_name missing', sub { $dom->get_snapshot_by_name('nope') });
    L('s2 delete DELETE_CHILDREN', sub { $s{s2}->delete(Sys::Virt::DomainSnapshot::DELETE_CHILDREN()); () });
    L('after delete names', sub { @{ $names->($dom->list_all_snapshots) } });
    L('qemu-img snapshots after delete', sub { join ',', sort(qemu_img_snapshots($disk)) });
    L('s3 after delete', sub { $s{s3}->get_xml_description });
    L('s3 name after delete', sub { $s{s3}->get_name });
    L('s4 delete DELETE_METADATA_ONLY', sub { $s{s4}->delete(Sys::Virt::DomainSnapshot::DELETE_METADATA_ONLY()); () });
    L('names after metadata-only delete', sub { @{ $names->($dom->list_all_snapshots) } });
    L('qemu-img after metadata-only delete', sub { join ',', sort(qemu_img_snapshots($disk)) });
    L('s1 delete DELETE_CHILDREN', sub { $s{s1}->delete(Sys::Virt::DomainSnapshot::DELETE_CHILDREN()); () });
    L('num_of_snapshots after', sub { $dom->num_of_snapshots });
    L('current_snapshot none', sub { $dom->current_snapshot });
}

# The internal snapshots of a qcow2 file (qemu-img snapshot -l, sharing the image).
sub qemu_img_snapshots {
    my ($disk) = @_;
    my @l = `qemu-img snapshot -U -l '$disk' 2>&1`;
    return map { /^\s*\d+\s+(\S+)\s/ ? $1 : () } @l;
}

sub statistics {
    my ($conn, $dom, $name, $tap) = @_;
    my ($bs) = L('block_stats vda', sub { my $h = $dom->block_stats('vda'); $h = shape($h); $h });
    L('block_stats by path', sub { shape($dom->block_stats("" . ($dom->get_xml_description =~ m{<source file='([^']+)'} ? $1 : ''))) });
    L('block_stats missing disk', sub { $dom->block_stats('vdz') });
    L('block_stats flags', sub { shape($dom->block_stats('vda', 0)) });
    L('memory_stats', sub { shape($dom->memory_stats) });
    L('set_memory_stats_period', sub { $dom->set_memory_stats_period(2, Sys::Virt::Domain::AFFECT_LIVE()); () });
    L('memory_stats after period', sub { shape($dom->memory_stats) });

    my $rec = sub {
        my @r = @_;
        (scalar(@r), map { ($_->{dom}, shape($_->{data})) } @r);
    };
    L('get_all_domain_stats list', sub { $rec->($conn->get_all_domain_stats(0, [$dom])) });
    L('get_all_domain_stats STATS_STATE', sub {
        $rec->($conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), [$dom])) });
    L('get_all_domain_stats STATS_BLOCK|INTERFACE', sub {
        $rec->($conn->get_all_domain_stats(Sys::Virt::Domain::STATS_BLOCK() | Sys::Virt::Domain::STATS_INTERFACE(), [$dom])) });
    L('get_all_domain_stats STATS_BALLOON|VCPU|CPU_TOTAL', sub {
        $rec->($conn->get_all_domain_stats(Sys::Virt::Domain::STATS_BALLOON() | Sys::Virt::Domain::STATS_VCPU()
                                           | Sys::Virt::Domain::STATS_CPU_TOTAL(), [$dom])) });
    L('get_all_domain_stats list ENFORCE_STATS', sub {
        $rec->($conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), [$dom],
                                           Sys::Virt::Domain::GET_ALL_STATS_ENFORCE_STATS())) });
    L('get_all_domain_stats list with a flag filter', sub {
        $rec->($conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), [$dom],
                                           Sys::Virt::Domain::GET_ALL_STATS_RUNNING())) });
    L('get_all_domain_stats list twice', sub {
        $rec->($conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), [$dom, $dom])) });
    # an empty list: every guest of the daemon (other tests may have some); ours once
    L('get_all_domain_stats empty list', sub {
        my @r = $conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), []);
        (scalar(grep { $_->{dom}->get_name eq $name } @r), scalar(grep { ref $_->{dom} ne 'Sys::Virt::Domain' } @r)) });
    # without a list: every guest of the daemon (other tests may have some); ours once
    L('get_all_domain_stats all', sub {
        scalar grep { $_->{dom}->get_name eq $name } $conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE()) });
    L('get_all_domain_stats all undef list', sub {
        my @r = grep { $_->{dom}->get_name eq $name }
            $conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), undef, Sys::Virt::Domain::GET_ALL_STATS_ACTIVE());
        $rec->(@r);
    });
    L('get_all_domain_stats all SHUTOFF', sub {
        scalar grep { $_->{dom}->get_name eq $name }
            $conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), undef, Sys::Virt::Domain::GET_ALL_STATS_SHUTOFF()) });
    L('get_all_domain_stats bad flags', sub {
        $rec->($conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), [$dom], 1 << 20)) });
    L('get_all_domain_stats scalar', sub {
        my $r = $conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), [$dom]);
        ref $r eq 'HASH' ? ($r->{dom}, shape($r->{data})) : Probe::show($r) });
    UNSAFE('get_all_domain_stats non-ref list', sub {
        $rec->($conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), 0, 0)) });
    UNSAFE('get_all_domain_stats list of non-domains', sub {
        $rec->($conn->get_all_domain_stats(Sys::Virt::Domain::STATS_STATE(), ['x'])) });

    L('get_vcpu_info', sub { map { shape($_) } $dom->get_vcpu_info });
    L('get_vcpu_info AFFECT_CONFIG', sub { map { shape($_) } $dom->get_vcpu_info(Sys::Virt::Domain::AFFECT_CONFIG()) });
    L('get_vcpus', sub { $dom->get_vcpus });
    L('get_max_vcpus', sub { $dom->get_max_vcpus });
    L('get_cpu_stats total', sub { map { shape($_) } $dom->get_cpu_stats(-1, 1) });
    L('get_cpu_stats per cpu', sub { map { shape($_) } $dom->get_cpu_stats(0, 1) });
    L('get_block_info', sub { shape($dom->get_block_info('vda')) });
    L('get_block_info capacity', sub { $dom->get_block_info('vda')->{capacity} });
    L('get_block_info missing', sub { $dom->get_block_info('vdz') });
    L('interface_stats', sub { shape($dom->interface_stats($tap)) });
    L('interface_stats by mac', sub { shape($dom->interface_stats('52:54:00:69:00:01')) });
    L('interface_stats missing', sub { $dom->interface_stats('nope0') });
    L('get_interface_parameters', sub { shape($dom->get_interface_parameters($tap)) });
    L('get_memory_parameters', sub { shape($dom->get_memory_parameters) });
    L('get_memory_parameters config', sub { shape($dom->get_memory_parameters(Sys::Virt::Domain::AFFECT_CONFIG())) });
    L('get_blkio_parameters', sub { shape($dom->get_blkio_parameters) });
    L('get_blkio_parameters config', sub { shape($dom->get_blkio_parameters(Sys::Virt::Domain::AFFECT_CONFIG())) });
    L('get_numa_parameters', sub { shape($dom->get_numa_parameters) });
    L('get_numa_parameters config', sub { shape($dom->get_numa_parameters(Sys::Virt::Domain::AFFECT_CONFIG())) });
    L('get_scheduler_parameters', sub { shape($dom->get_scheduler_parameters) });
    L('get_block_iotune', sub { Probe::show($dom->get_block_iotune('vda')) });
    L('set_block_iotune', sub {
        $dom->set_block_iotune('vda', { Sys::Virt::Domain::BLOCK_IOTUNE_TOTAL_BYTES_SEC() => 1048576,
                                        Sys::Virt::Domain::BLOCK_IOTUNE_TOTAL_IOPS_SEC() => 200 },
                               Sys::Virt::Domain::AFFECT_LIVE()); () });
    L('get_block_iotune after set', sub {
        my $h = $dom->get_block_iotune('vda');
        join ' | ', map { $h->{$_} // 'undef' } qw(total_bytes_sec total_iops_sec) });
    L('get_block_iotune full after set', sub { Probe::show($dom->get_block_iotune('vda')) });
    L('live xml iotune', sub { $dom->get_xml_description =~ m{(<iotune>.*?</iotune>)}s ? do { (my $x = $1) =~ s/\s+//g; $x } : 'none' });
    L('set_block_iotune unknown key', sub { $dom->set_block_iotune('vda', { nonsense => 1 }); () });
    L('set_block_iotune string value', sub { $dom->set_block_iotune('vda', { total_bytes_sec => 'abc' }); () });
    L('set_block_iotune back to 0', sub {
        $dom->set_block_iotune('vda', { total_bytes_sec => 0, total_iops_sec => 0 }); () });
    L('get_block_iotune after reset', sub {
        my $h = $dom->get_block_iotune('vda');
        join ' | ', map { $h->{$_} // 'undef' } qw(total_bytes_sec total_iops_sec) });
    L('get_block_iotune missing disk', sub { $dom->get_block_iotune('vdz') });
    UNSAFE('get_block_iotune undef disk', sub { Probe::show($dom->get_block_iotune(undef)) });
    UNSAFE('get_memory_parameters non-number flags', sub { shape($dom->get_memory_parameters([])) });
    L('get_info', sub { shape($dom->get_info) });
    L('get_job_info', sub { shape($dom->get_job_info) });
    L('get_control_info', sub { shape($dom->get_control_info) });
    L('get_disk_errors', sub { Probe::show($dom->get_disk_errors) });
    L('get_iothread_info', sub { map { shape($_) } $dom->get_iothread_info });
    L('get_emulator_pin_info', sub { Probe::show($dom->get_emulator_pin_info) });
    L('block_peek', sub { length $dom->block_peek('vda', 0, 512) });
    L('memory_peek', sub { length $dom->memory_peek(0, 512, Sys::Virt::Domain::MEMORY_PHYSICAL()) });
}

sub devices {
    my ($conn, $dom, $dir) = @_;
    my $usb = "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        . "<source file='$dir/usb.raw'/><target dev='sda' bus='usb'/></disk>";
    my $has = sub { ($_[0] // $dom->get_xml_description) =~ m{<target dev='sda'} ? 1 : 0 };
    my $both = sub {
        join ' | ', $has->(), $has->($dom->get_xml_description(Sys::Virt::Domain::XML_INACTIVE()));
    };
    L('attach_device usb disk', sub { $dom->attach_device($usb); () });
    L('live xml has sda', sub { $has->() });
    L('detach_device usb disk', sub { $dom->detach_device($usb); () });
    L('live xml has sda after detach', sub { my $n = 0; $n++ while $has->() && $n < 50 && select(undef, undef, undef, 0.1); $has->() });
    my $LC = Sys::Virt::Domain::DEVICE_MODIFY_LIVE() | Sys::Virt::Domain::DEVICE_MODIFY_CONFIG();
    L('attach_device LIVE|CONFIG', sub { $dom->attach_device($usb, $LC); () });
    L('sda live, config', sub { $both->() });
    L('attach_device twice', sub { $dom->attach_device($usb, $LC); () });
    L('detach_device LIVE|CONFIG', sub { $dom->detach_device($usb, $LC); () });
    L('sda live, config after detach', sub { my $n = 0; $n++ while $has->() && $n < 50 && select(undef, undef, undef, 0.1); $both->() });
    L('detach_device not attached', sub { $dom->detach_device($usb); () });
    L('attach_device CONFIG only', sub { $dom->attach_device($usb, Sys::Virt::Domain::DEVICE_MODIFY_CONFIG()); () });
    L('sda live, config after CONFIG attach', sub { $both->() });
    L('detach_device CONFIG only', sub { $dom->detach_device($usb, Sys::Virt::Domain::DEVICE_MODIFY_CONFIG()); () });
    L('sda live, config after CONFIG detach', sub { $both->() });
    L('attach_device bad xml', sub { $dom->attach_device('<disk'); () });
    L('attach_device undef', sub { $dom->attach_device(undef); () });
    L('detach_device_alias missing', sub { $dom->detach_device_alias('ua-nope'); () });
    L('update_device graphics passwd', sub {
        $dom->update_device("<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='t69pass'>"
                            . "<listen type='address' address='127.0.0.1'/></graphics>"); () });
    L('graphics passwd in secure xml', sub {
        $dom->get_xml_description(Sys::Virt::Domain::XML_SECURE()) =~ /passwd='t69pass'/ ? 1 : 0 });
    L('update_device with flags', sub {
        $dom->update_device("<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'>"
                            . "<listen type='address' address='127.0.0.1'/></graphics>",
                            Sys::Virt::Domain::DEVICE_MODIFY_LIVE()); () });
    L('graphics passwd after reset', sub {
        $dom->get_xml_description(Sys::Virt::Domain::XML_SECURE()) =~ /passwd=/ ? 1 : 0 });
}

sub screenshot {
    my ($conn, $dom) = @_;
    my $st = $conn->new_stream;
    my ($mime) = L('screenshot mime', sub { $dom->screenshot($st, 0) });
    my $buf = '';
    L('screenshot recv_all', sub { $st->recv_all(sub { $buf .= $_[1]; return $_[2] }); $st->finish; () });
    L('screenshot data', sub { substr($buf, 1, 3), length($buf) > 1000 ? 'more than 1000 bytes' : length($buf) });
    L('screenshot header', sub {
        $buf =~ /\A\x89PNG\r\n\x1a\n....IHDR(.{4})(.{4})/s ? 'PNG header, IHDR ' . unpack('N', $1) . 'x' . unpack('N', $2) : 'no header' });
    L('screenshot missing screen', sub { my $s = $conn->new_stream; my $m = $dom->screenshot($s, 7); eval { $s->abort }; $m });
    L('screenshot not a stream', sub { $dom->screenshot('x', 0) });
}

sub agent_and_migration {
    my ($conn, $dom) = @_;
    L('fs_freeze', sub { $dom->fs_freeze(['/']) });
    L('fs_freeze empty list', sub { $dom->fs_freeze([]) });
    L('fs_thaw', sub { $dom->fs_thaw(['/']) });
    L('fs_thaw empty list', sub { $dom->fs_thaw([]) });
    UNSAFE('fs_freeze non-ref', sub { $dom->fs_freeze('/') });
    UNSAFE('fs_thaw undef', sub { $dom->fs_thaw(undef) });
    L('get_fs_info', sub { $dom->get_fs_info });
    L('fs_trim', sub { $dom->fs_trim(undef, 0); () });
    L('get_interface_addresses SRC_AGENT', sub {
        $dom->get_interface_addresses(Sys::Virt::Domain::INTERFACE_ADDRESSES_SRC_AGENT()) });
    L('get_interface_addresses SRC_LEASE', sub {
        map { Probe::show($_) } $dom->get_interface_addresses(Sys::Virt::Domain::INTERFACE_ADDRESSES_SRC_LEASE()) });
    L('get_interface_addresses SRC_ARP', sub {
        map { Probe::show($_) } $dom->get_interface_addresses(Sys::Virt::Domain::INTERFACE_ADDRESSES_SRC_ARP()) });
    L('get_interface_addresses bad source', sub { $dom->get_interface_addresses(42) });
    L('get_hostname', sub { $dom->get_hostname });
    L('get_time', sub { $dom->get_time });
    L('get_guest_info', sub { shape($dom->get_guest_info) });
    L('get_guest_vcpus', sub { shape($dom->get_guest_vcpus) });
    L('guest_agent set_time', sub { $dom->set_time(1, 0, 0); () });
    L('authorized_ssh_keys_get', sub { $dom->authorized_ssh_keys_get('root') });
    # qemu_agent_command: the reference has no libvirt-qemu calls; t/75 tests ours.
    # migration: to the same host, to a host that is not there, and the argument shapes
    L('migrate to the same host', sub { $dom->migrate($conn, Sys::Virt::Domain::MIGRATE_LIVE()) });
    L('migrate params to the same host', sub {
        $dom->migrate($conn, { Sys::Virt::Domain::MIGRATE_PARAM_BANDWIDTH() => 10 },
                      Sys::Virt::Domain::MIGRATE_LIVE()) });
    L('migrate unknown param', sub { $dom->migrate($conn, { nonsense => 1 }, 0) });
    L('migrate UNSAFE to the same host', sub {
        $dom->migrate($conn, Sys::Virt::Domain::MIGRATE_LIVE() | Sys::Virt::Domain::MIGRATE_UNSAFE()) });
    L('migrate params UNSAFE to the same host', sub {
        $dom->migrate($conn, { Sys::Virt::Domain::MIGRATE_PARAM_DEST_NAME() => 'sysvirt-t69-elsewhere' },
                      Sys::Virt::Domain::MIGRATE_LIVE() | Sys::Virt::Domain::MIGRATE_UNSAFE()) });
    L('migrate2 to the same host', sub { $dom->migrate2($conn, undef, Sys::Virt::Domain::MIGRATE_LIVE(), undef, undef, 0) });
    L('migrate_to_uri nowhere', sub {
        $dom->migrate_to_uri('qemu+unix:///system?socket=/nonexistent/sock',
                             Sys::Virt::Domain::MIGRATE_PEER2PEER() | Sys::Virt::Domain::MIGRATE_LIVE()); () });
    L('migrate_to_uri params nowhere', sub {
        $dom->migrate_to_uri('qemu+unix:///system?socket=/nonexistent/sock',
                             { Sys::Virt::Domain::MIGRATE_PARAM_DEST_NAME() => 'elsewhere' },
                             Sys::Virt::Domain::MIGRATE_PEER2PEER()); () });
    # the reference's code takes (desturi, dxml, flags, dname, uri, bandwidth), whatever
    # its documentation says, and then calls a method its XS does not have
    L('migrate_to_uri2 nowhere', sub {
        $dom->migrate_to_uri2('qemu+unix:///system?socket=/nonexistent/sock', undef,
                              Sys::Virt::Domain::MIGRATE_PEER2PEER(), undef, undef, 0); () });
    L('migrate_get_max_speed', sub { $dom->migrate_get_max_speed });
    L('migrate_set_max_speed', sub { $dom->migrate_set_max_speed(100); $dom->migrate_get_max_speed });
    L('migrate_get_max_downtime', sub { $dom->migrate_get_max_downtime });
    L('migrate_set_max_downtime', sub { $dom->migrate_set_max_downtime(500); $dom->migrate_get_max_downtime });
    L('migrate_get_compression_cache', sub { $dom->migrate_get_compression_cache });
    L('migrate_start_post_copy', sub { $dom->migrate_start_post_copy; () });
    L('abort_job none', sub { $dom->abort_job; () });
    L('send_key', sub { $dom->send_key(Sys::Virt::Domain::KEYCODE_SET_LINUX(), 100, [28]); () });
    L('inject_nmi', sub { $dom->inject_nmi; () });
    L('reset', sub { $dom->reset; () });
    L('reboot without an OS', sub { $dom->reboot(Sys::Virt::Domain::REBOOT_ACPI_POWER_BTN()); () });
}
