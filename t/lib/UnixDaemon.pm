package UnixDaemon;
# A private libvirtd on a unix socket of its own, run in the foreground as the test's child
# so that its PID is known and the test may stop or kill it (t/63, t/83): test driver only
# (an empty driver directory), no authentication, a short keepalive, its log in its own
# directory. The shared daemons of tools/libvirtd.sh are never touched.
#
#   my $d = UnixDaemon->new($prefix);   # the directory and config (undef, reason: cannot)
#   my $pid = $d->start;                 # the daemon's PID once its socket is up, or undef
#   $d->uri, $d->dir

use strict;
use warnings;
use File::Temp ();
use POSIX ();
use Test::More ();
use Time::HiRes qw(sleep time);

sub new {
    my ($class, $prefix) = @_;
    return (undef, 'needs root (a privileged libvirtd is started)') if $> != 0;
    my ($libvirtd) = grep { -x } map { "$_/libvirtd" } split(/:/, $ENV{PATH} // ''), '/usr/sbin';
    return (undef, 'libvirtd not installed (run tools/libvirtd.sh start)') unless $libvirtd;
    my $dir = File::Temp::tempdir("$prefix-XXXXXX", TMPDIR => 1, CLEANUP => 1);
    mkdir "$dir/drivers";    # empty: no stateful driver is loaded, only the built-in test driver
    open my $fh, '>', "$dir/libvirtd.conf" or die $!;
    print $fh <<"EOF_CONF";
listen_tls = 0
listen_tcp = 0
unix_sock_dir = "$dir"
auth_unix_rw = "none"
auth_unix_ro = "none"
keepalive_interval = 2
keepalive_count = 2
log_outputs = "3:file:$dir/libvirtd.log"
EOF_CONF
    close $fh;
    return bless { dir => $dir, sock => "$dir/libvirt-sock", libvirtd => $libvirtd }, $class;
}

sub dir { $_[0]{dir} }
sub uri { "test+unix:///default?socket=$_[0]{sock}" }

# Starts the daemon; waits up to 30 s for its socket. Its output goes to the log files,
# which are shown (diag) if it exits first.
sub start {
    my ($self) = @_;
    my ($dir, $sock) = @$self{qw(dir sock)};
    unlink $sock;
    my $child = fork // die "fork: $!";
    if (!$child) {
        $ENV{LIBVIRT_DRIVER_DIR} = "$dir/drivers";
        open STDIN, '<', '/dev/null';
        open STDOUT, '>>', "$dir/stdout.log";
        open STDERR, '>&', \*STDOUT;
        { exec $self->{libvirtd}, '--config', "$dir/libvirtd.conf", '--pid-file', "$dir/libvirtd.pid" }
        POSIX::_exit(127);
    }
    my $deadline = time + 30;
    while (time < $deadline) {
        last if -S $sock;
        if (waitpid($child, POSIX::WNOHANG()) == $child) {
            Test::More::diag(`cat $dir/stdout.log $dir/libvirtd.log 2>/dev/null`);
            return;
        }
        sleep 0.1;
    }
    return -S $sock ? $child : undef;
}

1;
