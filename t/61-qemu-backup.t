#!/usr/bin/perl
# Push-mode backups of a real QEMU guest through the system libvirtd started by
# tools/libvirtd.sh: a full backup that creates a checkpoint, an incremental one since that
# checkpoint, the running job's XML, its completion in the job statistics, aborting a
# running job, and qemu-img check on the backup files.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Time::HiRes qw(time sleep);
use QemuGuest qw(require_daemon qemu_img_info run_cmd);

my $conn = require_daemon('qemu:///system');
for my $tool (qw(qemu-io)) {
    plan(skip_all => "$tool not found") unless grep { -x "$_/$tool" } split /:/, $ENV{PATH};
}

my $guest;
END { $guest->cleanup if $guest }
$SIG{INT} = $SIG{TERM} = sub { $guest->cleanup if $guest; exit 1 };

# A 1 GiB disk with 512 MiB of data, so that a full backup takes long enough (about a
# second under emulation) to be seen, and aborted, while it runs.
$guest = QemuGuest->new(conn => $conn, tag => 'backup', size => '1G');
my $dom = $guest->dom;
my $dir = $guest->dir;

sub qemu_io_write {
    my ($spec) = @_;
    my ($rc, $out) = run_cmd('qemu-io', '-f', 'qcow2', '-c', "write $spec", $guest->disk);
    is($rc, 0, "qemu-io write $spec") or diag($out);
}

sub backup_xml {
    my ($target, $incremental) = @_;
    my $inc = defined $incremental ? "<incremental>$incremental</incremental>" : '';
    return "<domainbackup mode='push'>$inc<disks><disk name='vda' type='file'>"
      . "<target file='$target'/><driver type='qcow2'/></disk></disks></domainbackup>";
}

# Call backup_get_xml_description right after backup_begin. The job may already have
# finished (then libvirt says ERR_NO_DOMAIN_BACKUP, 104): both are accepted, and reported.
sub check_running_xml {
    my ($what, $re) = @_;
    my $xml = eval { $dom->backup_get_xml_description };
    if (defined $xml) {
        like($xml, $re, "$what: backup_get_xml_description while the job runs");
    } else {
        my $e = $@;
        is(ref $e && $e->code, Sys::Virt::Error::ERR_NO_DOMAIN_BACKUP(),
            "$what: the job had already finished: backup_get_xml_description fails with 104")
          or diag($e);
    }
}

# poll get_job_stats until no job runs; returns the completed job's (type, stats)
sub wait_job {
    my ($what) = @_;
    my $deadline = time + 120;
    my ($seen_running, $last) = (0, '');
    while (time < $deadline) {
        my ($type, $st) = job_stats();
        last if $type == Sys::Virt::Domain::JOB_NONE();
        $seen_running++;
        $last = sprintf('%s/%s bytes', $st->{disk_processed} // '?', $st->{disk_total} // '?');
        sleep 0.05;
    }
    note("$what: seen running $seen_running times, last progress $last");
    return job_stats(Sys::Virt::Domain::JOB_STATS_COMPLETED());
}

# get_job_stats, with the type as a plain number: like the XS module (Sys::Virt 9.0.0),
# the module returns it as a reference to the number
sub job_stats {
    my ($type, $st) = $dom->get_job_stats(@_);
    die "get_job_stats: the type is not a SCALAR reference but '$type'\n"
        unless ref $type eq 'SCALAR';
    $type = $$type;
    return ($type, $st);
}

sub check_image {
    my ($file, $what) = @_;
    ok(-f $file, "$what file exists");
    my ($rc, $out) = run_cmd('qemu-img', 'check', '-U', '-q', $file);
    is($rc, 0, "qemu-img check $what") or diag($out);
    my $info = qemu_img_info($file);
    is($info->{format}, 'qcow2', "$what is qcow2");
    return $info;
}

qemu_io_write('-P 0x5a 0 512M');
ok(eval { $dom->create; 1 }, 'guest ' . $guest->name . ' started') or diag($@);

# --- full backup with a checkpoint ---------------------------------------------------------
my $full = "$dir/full.qcow2";
my $t0 = time;
ok(eval { $dom->backup_begin(backup_xml($full), "<domaincheckpoint><name>bk1</name></domaincheckpoint>", 0); 1 },
    'full backup started with checkpoint bk1') or diag($@);
check_running_xml('full', qr{backupmode='full'});
my $job = $dom->get_job_info;
ok(ref $job eq 'HASH' && exists $job->{type}, 'get_job_info returns a hash with a type');
note("get_job_info right after backup_begin: type $job->{type}, data $job->{dataProcessed}/$job->{dataTotal}");
my ($type, $st) = wait_job('full');
my $full_time = time - $t0;
is($type, Sys::Virt::Domain::JOB_COMPLETED(), 'full backup job completed');
is($st->{operation}, Sys::Virt::Domain::JOB_OPERATION_BACKUP(), '... it was a backup');
is($st->{success}, 1, '... successfully');
is($st->{disk_total}, 1 << 30, '... of the whole 1 GiB disk');
ok($dom->get_checkpoint_by_name('bk1'), 'checkpoint bk1 exists');
my $full_info = check_image($full, 'full backup');
is($full_info->{'virtual-size'}, 1 << 30, 'full backup has the disk size');
my $full_size = -s $full;
cmp_ok($full_size, '>=', 512 << 20, 'full backup holds the 512 MiB written');

# --- write 2 MiB offline: the persistent bitmap bk1 records it -----------------------------
ok(eval { $dom->destroy; 1 }, 'guest stopped') or diag($@);
qemu_io_write('-P 0x33 64M 2M');
ok(eval { $dom->create; 1 }, 'guest restarted') or diag($@);

# --- incremental backup since bk1, with a new checkpoint bk2 -------------------------------
my $inc = "$dir/inc.qcow2";
ok(eval { $dom->backup_begin(backup_xml($inc, 'bk1'), "<domaincheckpoint><name>bk2</name></domaincheckpoint>", 0); 1 },
    'incremental backup since bk1 started with checkpoint bk2') or diag($@);
check_running_xml('incremental', qr{backupmode='incremental' incremental='bk1'});
($type, $st) = wait_job('incremental');
is($type, Sys::Virt::Domain::JOB_COMPLETED(), 'incremental backup job completed');
is($st->{success}, 1, '... successfully');
is($dom->get_checkpoint_by_name('bk2')->get_parent->get_name, 'bk1', 'bk2 follows bk1');
check_image($inc, 'incremental backup');
my $inc_size = -s $inc;
cmp_ok($inc_size, '<', $full_size / 10, 'incremental backup is much smaller than the full one');
# an incremental push backup is a qcow2 overlay whose backing file is the guest's disk:
# count only the data in the overlay itself (depth 0)
like(qemu_img_info($inc)->{'backing-filename'} // '', qr{\Q$dir\E/disk\.qcow2\z},
    'the incremental backup is an overlay over the disk');
my ($rc, $out) = run_cmd('qemu-img', 'map', '-U', '--output=json', $inc);
is($rc, 0, 'qemu-img map on the incremental backup') or diag($out);
require JSON::PP;
my $data_bytes = 0;
$data_bytes += $_->{length}
  for grep { $_->{data} && $_->{depth} == 0 } @{ (eval { JSON::PP::decode_json($out) }) || [] };
cmp_ok($data_bytes, '>=', 2 << 20, "incremental backup holds the 2 MiB changed ($data_bytes bytes of data)");
cmp_ok($data_bytes, '<', 512 << 20, '... and not the whole disk');

# --- abort a running full backup -----------------------------------------------------------
my $aborted = "$dir/aborted.qcow2";
ok(eval { $dom->backup_begin(backup_xml($aborted), undef, 0); 1 }, 'third backup started')
  or diag($@);
my $abort_ok = eval { $dom->abort_job; 1 };
my $abort_err = $@;
SKIP: {
    unless ($abort_ok) {
        # honest skip: the job finished before abort_job reached it
        wait_job('not aborted');
        skip('the backup finished before abort_job: ' . (ref $abort_err ? $abort_err->message : $abort_err), 4);
    }
    pass('abort_job on the running backup');
    ($type, $st) = wait_job('aborted');
    is($type, Sys::Virt::Domain::JOB_CANCELLED(), 'the last job was cancelled');
    is($st->{success}, 0, '... not successful');
    cmp_ok($st->{disk_processed} // 0, '<', 1 << 30, '... stopped before the end');
}
my $err = eval { $dom->abort_job; 1 } ? undef : $@;
isa_ok($err, 'Sys::Virt::Error', 'abort_job with no job running fails');
$err = eval { $dom->backup_get_xml_description; 1 } ? undef : $@;
is(ref $err && $err->code, 104, 'backup_get_xml_description with no job: 104');

diag(sprintf('backup sizes: full %d bytes (%.1fs), incremental %d bytes (%d bytes of data)',
    $full_size, $full_time, $inc_size, $data_bytes));

ok(eval { $dom->destroy; 1 }, 'guest destroyed');
my @bitmaps = sort map { $_->{name} } @{ qemu_img_info($guest->disk)->{'format-specific'}{data}{bitmaps} // [] };
is_deeply(\@bitmaps, [qw(bk1 bk2)], 'the disk has bitmaps bk1 and bk2');
ok(eval { $dom->undefine(Sys::Virt::Domain::UNDEFINE_CHECKPOINTS_METADATA()); 1 }, 'undefined')
  or diag($@);
$guest->{dom} = undef;
$guest->cleanup;
done_testing();
