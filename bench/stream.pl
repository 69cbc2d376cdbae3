#!/usr/bin/perl
# bench/stream.pl -- stream throughput through a real libvirt daemon: volume upload and
# download with this module (blib/), with the XS module (Debian libsys-virt-perl), and with
# `virsh vol-upload` / `vol-download` (libvirt's own C client) as the floor.
#
#   perl bench/stream.pl [--mib 256] [--rounds 5] [--warmup 1] [--sample-mib 4]
#                        [--uri qemu:///system]
#
# Run by hand, as root, from anywhere after `perl Makefile.PL && make`, with the daemon
# running (tools/libvirtd.sh start). It is not part of the tests. It stops at once with a
# message saying what is missing when it is not root, virsh is not installed, the daemon
# does not answer, blib/ is not built or the XS module is not installed.
#
# What it does:
#   - makes a temporary directory (under $TMPDIR or /tmp) holding a transient 'dir' pool
#     named bench-stream-PID, a raw volume of --mib MiB in it, and once, a source file of
#     the same size filled from /dev/urandom (so no stretch of it is zeros or repeats);
#     room needed: three times --mib (source, volume, downloaded copy);
#   - each round runs every kind in turn -- ours, xs, virsh in odd rounds, the reverse in
#     even ones -- and each kind does an upload then a download, each in a fresh process:
#       upload:   $vol->upload($st, 0, $size); $st->send_all(sub { sysread into $_[1],
#                 up to $_[2] bytes }); $st->finish
#       download: $vol->download($st, 0, $size); $st->recv_all(sub { syswrite $_[1] to
#                 the file; return $_[2] }); $st->finish
#     Before an upload a few 64 KiB blocks of the volume file are zeroed and before a
#     download the old copy is deleted, so that a transfer that did nothing cannot pass
#     the check after the download: the copy must be byte for byte the source (cmp).
#     `sync` runs (untimed) after every transfer, so that no transfer pays for writing back
#     the previous one's dirty pages;
#   - --warmup rounds (default 1) are run first and not counted.
#
# What it measures:
#   - for the Perl kinds, inside the child: the wall time of the transfer alone, from the
#     upload/download call to the end of finish ("xfer" below, what ours/XS compares), and
#     its user and system CPU time (getrusage; the kernel splits the two by clock ticks,
#     so user times of a few hundredths of a second are coarse); VmRSS, read from
#     /proc/self/status just before the transfer ("RSS before") and every --sample-mib MiB
#     the handler passes ("sampled", the largest sample); and VmHWM at the end ("max").
#     A volume is never held whole if these stay far below the volume's size and close to
#     RSS before;
#   - for every kind, from the parent: the wall time of the whole process, and its CPU time
#     and maximum RSS from wait4(2) -- "proc" below. This is the only measure virsh has,
#     so ours/virsh compares the proc numbers, start-up (loading perl and the module, or
#     virsh, and connecting) included on both sides.
#
# What it prints: a line per transfer as it goes, then per operation and kind the medians
# over the counted rounds and the largest RSS, and three ratios, each the median of the
# per-round ratios (a kind's numbers are paired with the other kind's of the same round)
# with their smallest and largest: ours/XS of the xfer MiB/s (target: >= 1.00), ours/XS of
# the user CPU (the bindings' own work; below 1 is better), and ours/virsh of the proc
# MiB/s (how close the Perl bindings get to the C client).
#
# Expect noise: on a small virtual machine most of a transfer's time is the daemon and the
# kernel (page cache for the volume and the copy), shared between all kinds, and it swings
# from round to round by a factor of two or more; the spread after each ratio shows how
# much. More --rounds steady the medians. Memory is the steady part.
#
# The pool, the volume and the files are removed at the end, also when something fails or
# on SIGINT/SIGTERM/SIGHUP (an END block; the running child is killed first).
use strict;
use warnings;
use FindBin;
use File::Spec;
use File::Path ();
use File::Temp ();
use Getopt::Long;
use POSIX ();
use Time::HiRes ();

use constant MiB => 1024 * 1024;

my $root   = File::Spec->rel2abs(File::Spec->catdir($FindBin::Bin, File::Spec->updir));
my $script = File::Spec->rel2abs(File::Spec->catfile($FindBin::Bin, 'stream.pl'));
my $REFDIR;    # the XS module's directory (the parent finds it below)

my %opt = (mib => 256, rounds => 5, warmup => 1, 'sample-mib' => 4, uri => 'qemu:///system');
GetOptions(\%opt, 'mib=i', 'rounds=i', 'warmup=i', 'sample-mib=i', 'uri=s',
           # the child's own options (the parent passes them; not for use by hand)
           'child=s', 'op=s', 'pool=s', 'vol=s', 'file=s', 'size=i', 'result=s')
  or die "usage: perl bench/stream.pl [--mib 256] [--rounds 5] [--warmup 1] [--sample-mib 4] [--uri URI]\n";

exit child() if defined $opt{child};

# ---------------------------------------------------------------------------------------
# Common helpers.

sub now { Time::HiRes::clock_gettime(Time::HiRes::CLOCK_MONOTONIC()) }

# User and system CPU seconds of this process, from getrusage(2) (syscall 98 on x86_64
# Linux; microseconds, where times() has only clock ticks).
sub cpu {
    my $ru = "\0" x 256;    # struct rusage is 144 bytes
    syscall(98, 0, $ru) == 0 or die "getrusage: $!\n";
    my ($us, $uu, $ss, $su) = unpack 'q4', $ru;
    return ($us + $uu / 1e6, $ss + $su / 1e6);
}

# A field of /proc/self/status, in KiB.
sub status_kib {
    my ($field) = @_;
    open my $fh, '<', '/proc/self/status' or die "cannot read /proc/self/status: $!\n";
    while (<$fh>) { return $1 if /^\Q$field\E:\s+(\d+)\s+kB/ }
    die "no $field in /proc/self/status\n";
}

sub median {
    my @v = sort { $a <=> $b } @_;
    return undef unless @v;
    return @v % 2 ? $v[$#v / 2] : ($v[@v / 2 - 1] + $v[@v / 2]) / 2;
}

# ---------------------------------------------------------------------------------------
# The child: one transfer with whichever Sys::Virt the parent's -I put first in @INC.

sub child {
    my ($kind, $op, $size) = ($opt{child}, $opt{op}, $opt{size});
    require Sys::Virt;
    my $module = $INC{'Sys/Virt.pm'};
    my $conn = Sys::Virt->new(uri => $opt{uri});
    my $vol  = $conn->get_storage_pool_by_name($opt{pool})->get_volume_by_name($opt{vol});

    # RSS is sampled by byte count, not by call, so both modules sample equally often
    # whatever chunk size libvirt hands the handler (256 KiB in libvirt 9).
    my $every = $opt{'sample-mib'} * MiB;
    my ($bytes, $calls, $next) = (0, 0, $every);
    my $peak = 0;
    my $sample = sub { my $r = status_kib('VmRSS'); $peak = $r if $r > $peak };

    my $st = $conn->new_stream(0);
    my $before = status_kib('VmRSS');
    my ($w0, $u0, $s0) = (now(), cpu());
    if ($op eq 'upload') {
        open my $in, '<:raw', $opt{file} or die "$opt{file}: $!\n";
        $vol->upload($st, 0, $size);
        $st->send_all(sub {
            my $n = sysread($in, $_[1], $_[2]);
            die "reading $opt{file}: $!\n" unless defined $n;
            $calls++;
            if (($bytes += $n) >= $next) { $next += $every; $sample->() }
            return $n;
        });
        $st->finish;
    } else {
        # A new file each time (the parent deleted the old one), as virsh's vol-download
        # makes it (O_TRUNC): overwriting in place would spare the kernel the freeing and
        # allocating of page cache that virsh pays, and flatter the Perl kinds.
        open my $out, '>:raw', $opt{file} or die "$opt{file}: $!\n";
        $vol->download($st, 0, $size);
        $st->recv_all(sub {
            my $len = $_[2];
            for (my $off = 0; $off < $len;) {
                my $w = syswrite($out, $_[1], $len - $off, $off);
                die "writing $opt{file}: $!\n" unless defined $w;
                $off += $w;
            }
            $calls++;
            if (($bytes += $len) >= $next) { $next += $every; $sample->() }
            return $len;
        });
        $st->finish;
        close $out or die "closing $opt{file}: $!\n";
    }
    my ($w1, $u1, $s1) = (now(), cpu());
    $sample->();
    die "$kind $op: moved $bytes bytes, expected $size\n" unless $bytes == $size;

    # VmHWM can read a little below the last VmRSS sample (the kernel folds per-thread RSS
    # counts in lazily), so the peak reported is the larger of the two.
    my $hwm = status_kib('VmHWM');
    $hwm = $peak if $peak > $hwm;
    open my $res, '>', $opt{result} or die "$opt{result}: $!\n";
    printf {$res} "wall=%.6f user=%.6f sys=%.6f calls=%d before=%d peak=%d hwm=%d module=%s\n",
        $w1 - $w0, $u1 - $u0, $s1 - $s0, $calls, $before, $peak, $hwm, $module;
    close $res or die "$opt{result}: $!\n";
    return 0;
}

# ---------------------------------------------------------------------------------------
# The parent.

my $parent = $$;
my %state;        # what exists and must be cleaned up: tmp, pool, vol
my $running;      # the pid of the child running now, if any

sub fail { die "bench/stream.pl: @_\n" }

sub virsh_ok { system('virsh', '-q', '-c', $opt{uri}, @_) == 0 }
sub virsh    { virsh_ok(@_) or fail("virsh @_ failed") }

# Cleanup, in the parent only (the children are this script too): the running child,
# the volume, the pool (transient, so destroying it removes it), the directory.
sub cleanup {
    return unless defined $parent && $$ == $parent;
    if ($running) { kill 'TERM', $running; waitpid $running, 0; undef $running }
    my $quiet = sub { my $pid = fork; return unless defined $pid;
                      if (!$pid) { open STDOUT, '>', '/dev/null'; open STDERR, '>', '/dev/null';
                                   { no warnings "exec"; exec "virsh", "-q", "-c", $opt{uri}, @_; } POSIX::_exit(127) }
                      waitpid $pid, 0 };
    $quiet->('vol-delete', '--pool', $state{pool}, $state{vol}) if $state{vol};
    $quiet->('pool-destroy', $state{pool}) if $state{pool};
    File::Path::remove_tree($state{tmp}) if $state{tmp} && -d $state{tmp};
    %state = ();
}
END { local $?; cleanup() }
$SIG{$_} = sub { print STDERR "\nbench/stream.pl: interrupted, cleaning up\n"; exit 130 }
    for qw(INT TERM HUP);

# Runs a command as a child and waits for it with wait4(2), which gives that one child's
# CPU time and peak RSS (perl has no wait4 of its own: syscall 61 on x86_64 Linux).
sub run {
    my (@cmd) = @_;
    my $t0 = now();
    my $pid = fork // fail("fork: $!");
    if (!$pid) {
        $SIG{$_} = 'DEFAULT' for qw(INT TERM HUP);
        { no warnings "exec"; exec { $cmd[0] } @cmd; }
        print STDERR "exec $cmd[0]: $!\n";
        POSIX::_exit(127);
    }
    $running = $pid;
    my $status = pack 'i', 0;
    my $ru = "\0" x 256;    # struct rusage is 144 bytes
    my $r;
    do { $r = syscall(61, $pid + 0, $status, 0, $ru) } while ($r == -1 && $!{EINTR});
    my $t1 = now();
    $r == $pid or fail("wait4: $!");
    undef $running;
    my $st = unpack 'i', $status;
    fail("'@cmd' failed (wait status $st)") if $st != 0;
    my ($us, $uu, $ss, $su, $maxrss) = unpack 'q5', $ru;
    return { pwall => $t1 - $t0, pcpu => $us + $ss + ($uu + $su) / 1e6, maxrss => $maxrss };
}

# Refuse early, with a reason, when a run cannot work.
fail("must run as root (a dir pool on $opt{uri}, files the daemon writes)") if $> != 0;
fail("--mib and --rounds must be positive") if $opt{mib} < 1 || $opt{rounds} < 1;
system('sh', '-c', 'command -v virsh >/dev/null') == 0
  or fail("virsh not found (apt-get install libvirt-clients)");
-f "$root/blib/arch/auto/Sys/Virt/Virt.so"
  or fail("$root/blib is not built (perl Makefile.PL && make)");
# Found by loading it (t/lib/TestDriver.pm), not by a perl version's path.
$REFDIR = do { require File::Spec->catfile($root, 't', 'lib', 'TestDriver.pm'); TestDriver::REFDIR() }
  // fail(TestDriver::reference_missing() . ' (apt-get install libsys-virt-perl)');
system("virsh -q -c '$opt{uri}' uri >/dev/null 2>&1") == 0
  or fail("no libvirt daemon answers at $opt{uri} (tools/libvirtd.sh start)");

delete $ENV{$_} for qw(PERL5LIB PERLLIB PERL5OPT);
my $size = $opt{mib} * MiB;

# --- Setup -----------------------------------------------------------------------------
$state{tmp} = File::Temp::tempdir('bench-stream-XXXXXX', TMPDIR => 1, CLEANUP => 0);
my $pooldir = "$state{tmp}/pool";
my $source  = "$state{tmp}/source.bin";
my $copy    = "$state{tmp}/download.bin";
mkdir $pooldir or fail("mkdir $pooldir: $!");
my $pool = "bench-stream-$$";
my $vol  = 'stream.raw';
virsh('pool-create-as', $pool, 'dir', '--target', $pooldir);
$state{pool} = $pool;
virsh('vol-create-as', $pool, $vol, $size, '--format', 'raw');
$state{vol} = $vol;
my $volfile = "$pooldir/$vol";
-f $volfile or fail("volume file $volfile missing");

{   # The source, once: --mib MiB from /dev/urandom.
    open my $rnd, '<:raw', '/dev/urandom' or fail("/dev/urandom: $!");
    open my $out, '>:raw', $source or fail("$source: $!");
    for (1 .. $opt{mib}) {
        my $n = sysread($rnd, my $buf, MiB);
        fail("short read from /dev/urandom") unless $n && $n == MiB;
        syswrite($out, $buf) == MiB or fail("writing $source: $!");
    }
    close $out or fail("$source: $!");
}
system('sync');

# Zero three 64 KiB blocks (start, middle, end) of the volume, behind the daemon's back.
sub spoil_volume {
    my $file = $volfile;
    sysopen my $fh, $file, POSIX::O_WRONLY() or fail("$file: $!");
    my $zero = "\0" x 65536;
    for my $off (0, int($size / 2), $size - 65536) {
        sysseek $fh, $off, 0 or fail("seek $file: $!");
        syswrite($fh, $zero) == 65536 or fail("write $file: $!");
    }
    close $fh or fail("$file: $!");
}

my %inc = (ours => ["-I$root/blib/arch", "-I$root/blib/lib"], xs => ["-I$REFDIR"]);

sub transfer {
    my ($kind, $op) = @_;
    my $file = $op eq 'upload' ? $source : $copy;
    if ($kind eq 'virsh') {
        my @cmd = ('virsh', '-q', '-c', $opt{uri}, "vol-$op", '--pool', $pool, '--vol', $vol,
                   '--file', $file, '--offset', 0, '--length', $size);
        return run(@cmd);
    }
    my $result = "$state{tmp}/result";
    unlink $result;
    my $r = run($^X, @{ $inc{$kind} }, $script, '--child', $kind, '--op', $op,
                '--uri', $opt{uri}, '--pool', $pool, '--vol', $vol, '--file', $file,
                '--size', $size, '--sample-mib', $opt{'sample-mib'}, '--result', $result);
    open my $fh, '<', $result or fail("$kind $op left no result");
    my $line = <$fh>;
    $r->{$1} = $2 while $line =~ /(\w+)=(\S+)/g;
    # Make sure each kind ran the module it is named after.
    my $want = $kind eq 'ours' ? "$root/blib/lib/" : "$REFDIR/";
    index($r->{module}, $want) == 0 or fail("$kind loaded $r->{module}, not from $want");
    return $r;
}

my @kinds = qw(ours xs virsh);
my @ops   = qw(upload download);
my %res;    # $res{$op}{$kind} = [ per counted round results ]

printf "stream throughput on %s: %d MiB raw volume in a dir pool, %d round%s (+%d warm-up)\n\n",
    $opt{uri}, $opt{mib}, $opt{rounds}, $opt{rounds} == 1 ? '' : 's', $opt{warmup};
for my $round (1 - $opt{warmup} .. $opt{rounds}) {
    my @order = ($round + $opt{warmup}) % 2 ? @kinds : reverse @kinds;
    my $label = $round < 1 ? 'warm-up' : "round $round";
    for my $kind (@order) {
        for my $op (@ops) {
            if ($op eq 'upload') { spoil_volume() } else { unlink $copy }
            my $r = transfer($kind, $op);
            system('sync');
            $r->{pmibs} = $opt{mib} / $r->{pwall};
            $r->{xmibs} = $opt{mib} / $r->{wall} if defined $r->{wall};
            printf "%-8s %-6s %-8s proc %7.1f MiB/s %6.3f s cpu %6.3f s maxrss %7d KiB",
                $label, $kind, $op, @$r{qw(pmibs pwall pcpu maxrss)};
            printf " | xfer %7.1f MiB/s %6.3f s user %6.3f sys %6.3f rss %d->%d KiB",
                @$r{qw(xmibs wall user sys before peak)} if defined $r->{wall};
            print "\n";
            push @{ $res{$op}{$kind} }, $r if $round >= 1;
        }
        system('cmp', '-s', $source, $copy) == 0
          or fail("$label: the file $kind downloaded differs from the source");
    }
}

# --- Summary ---------------------------------------------------------------------------
sub med { my ($op, $kind, $key) = @_; median(map { $_->{$key} } @{ $res{$op}{$kind} }) }
sub maxof { my ($op, $kind, $key) = @_; my $m = 0;
            for (@{ $res{$op}{$kind} }) { $m = $_->{$key} if $_->{$key} > $m } $m }
# The per-round ratios a/b (rounds paired: a and b ran in the same round), as
# "median (min-max)".
sub ratio {
    my ($op, $x, $y, $key) = @_;
    my ($rx, $ry) = ($res{$op}{$x}, $res{$op}{$y});
    my @r = sort { $a <=> $b }
            map { $ry->[$_]{$key} > 0 ? $rx->[$_]{$key} / $ry->[$_]{$key} : () } 0 .. $#$rx;
    return '-' unless @r;    # (a CPU time of 0: too small a --mib to measure)
    return sprintf '%.2f (%.2f-%.2f)', median(@r), $r[0], $r[-1];
}
my $mib = sub { sprintf '%.1f', $_[0] / 1024 };

print "\nmedians over $opt{rounds} rounds; every download matched the source\n\n";
printf "%-9s %-5s | %6s %6s %6s %6s | %6s %6s %6s | %7s %7s %7s\n", '', '',
    'xfer', 'xfer', 'xfer', 'xfer', 'proc', 'proc', 'proc', 'RSS', 'RSS', 'RSS';
printf "%-9s %-5s | %6s %6s %6s %6s | %6s %6s %6s | %7s %7s %7s\n", 'operation', 'kind',
    'MiB/s', 's', 'user', 'sys', 'MiB/s', 's', 'cpu', 'before', 'sampled', 'max';
for my $op (@ops) {
    for my $kind (@kinds) {
        my $perl = $kind ne 'virsh';
        my $f = sub { my ($fmt, $key, $how) = @_; return '-' unless $perl;
                      sprintf $fmt, ($how // \&med)->($op, $kind, $key) };
        printf "%-9s %-5s | %6s %6s %6s %6s | %6.1f %6.3f %6.3f | %7s %7s %7s\n",
            $kind eq 'ours' ? $op : '', $kind,
            $f->('%.1f', 'xmibs'), $f->('%.3f', 'wall'), $f->('%.3f', 'user'), $f->('%.3f', 'sys'),
            med($op, $kind, 'pmibs'), med($op, $kind, 'pwall'), med($op, $kind, 'pcpu'),
            $perl ? $mib->(med($op, $kind, 'before')) : '-',
            $perl ? $mib->(maxof($op, $kind, 'peak')) : '-',
            $mib->(maxof($op, $kind, $perl ? 'hwm' : 'maxrss'));
    }
    printf "%-9s ours/XS xfer MiB/s %s, user CPU %s; ours/virsh proc MiB/s %s\n", '',
        ratio($op, 'ours', 'xs', 'xmibs'), ratio($op, 'ours', 'xs', 'user'),
        ratio($op, 'ours', 'virsh', 'pmibs');
}
print <<"END_NOTES";

xfer: inside the child, the transfer alone (upload/download call to finish); user and sys
are its CPU seconds. proc: the whole process seen from the parent (start-up, connecting
and exit included), CPU from wait4. RSS in MiB: before the transfer, the largest sample
taken every $opt{'sample-mib'} MiB during it, and the process's peak (VmHWM for the Perl kinds,
wait4's maxrss for virsh), each the largest over the rounds. The volume is $opt{mib} MiB.
MiB/s ratios above 1 mean ours is faster; the user CPU ratio below 1 means ours used less.
END_NOTES
exit 0;
