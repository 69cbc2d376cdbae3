#!/usr/bin/perl
# backup-rotate.pl: checkpoint-based backups of a running guest with rotation.
#
# The first run (or --full) makes a full push-mode backup of every disk of the guest and a
# checkpoint; each later run makes an incremental backup since the newest checkpoint this
# script made, with a new checkpoint. Only the newest --keep checkpoints are kept; older
# ones are deleted (libvirt merges their bitmaps, nothing is lost for the kept ones).
# While a backup job runs its progress is printed from get_job_stats.
#
#   perl eg/backup-rotate.pl --domain web1 --dir /srv/backup/web1 --keep 3
#   perl eg/backup-rotate.pl --uri qemu+ssh://host/system --domain web1 --dir /srv/b --full
#
# The backup files are named DOMAIN-DISK-CHECKPOINT.qcow2; an incremental file is a qcow2
# overlay that holds only the clusters changed since the previous checkpoint (restore it by
# rebasing onto the previous backup: qemu-img rebase -u -b PREVIOUS -F qcow2 FILE).
use strict;
use warnings;
use Getopt::Long;
use POSIX qw(strftime);
use Time::HiRes qw(sleep time);
use Sys::Virt;

my %opt = (uri => 'qemu:///system', keep => 3, prefix => 'rotate', interval => 0.5);
GetOptions(\%opt, 'uri=s', 'domain=s', 'dir=s', 'keep=i', 'prefix=s', 'full', 'interval=f',
    'help')
  or usage(2);
usage(0) if $opt{help};
usage(2) unless defined $opt{domain} && defined $opt{dir};
die "--keep must be at least 1\n" if $opt{keep} < 1;
die "--dir $opt{dir} is not a directory\n" unless -d $opt{dir};

sub usage {
    print STDERR "usage: $0 --domain NAME --dir DIR [--uri URI] [--keep N] [--full]\n"
      . "                [--prefix NAME] [--interval SECONDS]\n";
    exit $_[0];
}

sub fail {
    my ($what, $err) = @_;
    my $msg = ref $err && eval { $err->can('message') } ? $err->message : "$err";
    chomp $msg;
    die "backup-rotate: $what: $msg\n";
}

my $conn = eval { Sys::Virt->new(uri => $opt{uri}) } or fail("cannot connect to $opt{uri}", $@);
my $dom = eval { $conn->get_domain_by_name($opt{domain}) } or fail("no domain $opt{domain}", $@);
die "backup-rotate: domain $opt{domain} is not running (checkpoints need a running guest)\n"
  unless $dom->is_active;

# the disks to back up: every <disk device='disk'> with a target device
my $domxml = $dom->get_xml_description;
my @disks;
while ($domxml =~ m{<disk\b([^>]*)>(.*?)</disk>}sg) {
    my ($attrs, $body) = ($1, $2);
    next if $attrs =~ /device=['"](?:cdrom|floppy|lun)['"]/;
    push @disks, $1 if $body =~ /<target\s[^>]*dev=['"]([^'"]+)['"]/;
}
die "backup-rotate: domain $opt{domain} has no disk to back up\n" unless @disks;

# this script's checkpoints, oldest first (creation time, then name)
sub my_checkpoints {
    my @cps;
    for my $cp ($dom->list_all_checkpoints) {
        my $name = $cp->get_name;
        next unless $name =~ /^\Q$opt{prefix}\E-/;
        my ($ctime) = $cp->get_xml_description(Sys::Virt::DomainCheckpoint::XML_NO_DOMAIN())
          =~ m{<creationTime>(\d+)</creationTime>};
        push @cps, [$ctime // 0, $name, $cp];
    }
    return map { $_->[2] } sort { $a->[0] <=> $b->[0] || $a->[1] cmp $b->[1] } @cps;
}

my @existing = my_checkpoints();
my $since = (!$opt{full} && @existing) ? $existing[-1]->get_name : undef;
my $name = "$opt{prefix}-" . strftime('%Y%m%d-%H%M%S', localtime);
$name .= '-' . (1 + grep { $_->get_name =~ /^\Q$name\E/ } @existing)
  if grep { $_->get_name =~ /^\Q$name\E/ } @existing;

my %target = map { $_ => "$opt{dir}/$opt{domain}-$_-$name.qcow2" } @disks;
for (values %target) { die "backup-rotate: $_ already exists\n" if -e $_ }
my $backup = "<domainbackup mode='push'>"
  . (defined $since ? "<incremental>$since</incremental>" : '')
  . '<disks>'
  . join('', map { "<disk name='$_' type='file'><target file='$target{$_}'/><driver type='qcow2'/></disk>" } @disks)
  . '</disks></domainbackup>';
my $checkpoint = "<domaincheckpoint><name>$name</name>"
  . '<description>made by backup-rotate.pl</description></domaincheckpoint>';

printf "%s backup of %s (%s) with checkpoint %s%s\n", defined $since ? 'incremental' : 'full',
  $opt{domain}, join(', ', @disks), $name, defined $since ? " since $since" : '';
my $t0 = time;
eval { $dom->backup_begin($backup, $checkpoint, 0); 1 } or fail('backup_begin failed', $@);

# the job's type as a number (the XS Sys::Virt returns a reference to it)
sub job_stats {
    my ($type, $stats) = $dom->get_job_stats(@_);
    $type = $$type if ref $type eq 'SCALAR';
    return ($type, $stats || {});
}

my $last = '';
while (1) {
    my ($type, $st) = eval { job_stats() } or fail('get_job_stats failed', $@);
    last if $type == Sys::Virt::Domain::JOB_NONE();
    my ($done, $total) = ($st->{disk_processed} // 0, $st->{disk_total} // 0);
    my $line = sprintf '  %6.1fs  %s / %s  %5.1f%%', time - $t0, human($done), human($total),
      $total ? 100 * $done / $total : 0;
    print "$line\n" if $line ne $last;
    $last = $line;
    sleep $opt{interval};
}

my ($type, $st) = job_stats(Sys::Virt::Domain::JOB_STATS_COMPLETED());
if ($type != Sys::Virt::Domain::JOB_COMPLETED() || !$st->{success}) {
    unlink grep { -e } values %target;
    die sprintf "backup-rotate: the backup job %s%s\n",
      $type == Sys::Virt::Domain::JOB_CANCELLED() ? 'was cancelled' : "failed (job type $type)",
      $st->{errmsg} ? ": $st->{errmsg}" : '';
}
printf "done in %.1fs: %s of %s processed\n", time - $t0,
  human($st->{disk_processed} // 0), human($st->{disk_total} // 0);
printf "  %s  %s\n", human(-s $target{$_} // 0), $target{$_} for @disks;

# rotation: keep the newest --keep checkpoints of this script
my @all = my_checkpoints();
while (@all > $opt{keep}) {
    my $old = shift @all;
    my $n = $old->get_name;
    if (eval { $old->delete(0); 1 }) {
        print "deleted checkpoint $n\n";
    } else {
        warn "backup-rotate: cannot delete checkpoint $n: " . (ref $@ ? $@->message : $@) . "\n";
    }
}
print 'checkpoints kept: ', join(', ', map { $_->get_name } @all), "\n";

sub human {
    my ($n) = @_;
    my @u = ('B', 'KiB', 'MiB', 'GiB', 'TiB');
    my $i = 0;
    while ($n >= 1024 && $i < $#u) { $n /= 1024; $i++ }
    return $i ? sprintf('%.1f %s', $n, $u[$i]) : "$n B";
}
