package OwnDaemon;
# A libvirtd of a test's own, beside the shared ones of tools/libvirtd.sh, which it never
# touches: its own config, unix socket directory, pid file, log and TCP port on loopback,
# with no stateful driver loaded (an empty driver directory: only libvirt's built-in test
# driver, so it cannot fight the system daemon over QEMU state). A test may kill it (the
# close callback's "daemon went away"); it is killed, by its pid, when the object goes.
#
#   my $d = OwnDaemon->start(auth => 'none' | 'sasl', users => { name => password });
#   $d->uri        test+tcp://127.0.0.1:PORT/default
#   $d->kill       SIGKILL, now
#
# start returns (undef, reason) when it cannot run here (not root, no libvirtd, no
# saslpasswd2 for SASL).

use strict;
use warnings;
use File::Temp qw(tempdir);
use IO::Socket::INET;
use POSIX ();

sub start {
    my ($class, %opt) = @_;
    my $auth = $opt{auth} // 'none';
    return (undef, 'not root: cannot start a libvirtd') if $> != 0;
    chomp(my $libvirtd = `command -v libvirtd 2>/dev/null` // '');
    return (undef, 'libvirtd is not installed') unless $libvirtd;
    my $dir = tempdir('sys-virt-own-libvirtd-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    mkdir "$dir/sock";
    mkdir "$dir/drivers";
    # A free port: bind to 0, read it, release it.
    my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 1)
        or return (undef, "no free port: $!");
    my $port = $s->sockport;
    close $s;
    my %env;
    if ($auth eq 'sasl') {
        chomp(my $saslpasswd = `command -v saslpasswd2 2>/dev/null` // '');
        return (undef, 'saslpasswd2 (Debian package sasl2-bin) is not installed') unless $saslpasswd;
        open my $c, '>', "$dir/libvirt.conf" or die "$dir/libvirt.conf: $!";
        print $c "mech_list: digest-md5\nsasldb_path: $dir/passwd.db\n";
        close $c;
        for my $user (sort keys %{ $opt{users} || {} }) {
            open my $p, '|-', $saslpasswd, '-p', '-a', 'libvirt', '-f', "$dir/passwd.db", '-c', $user
                or die "saslpasswd2: $!";
            print $p $opt{users}{$user};
            close $p or return (undef, "saslpasswd2 failed for $user: $?");
        }
        $env{SASL_CONF_PATH} = $dir;
    }
    open my $cf, '>', "$dir/libvirtd.conf" or die "$dir/libvirtd.conf: $!";
    print $cf <<"C";
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$port"
auth_tcp = "$auth"
auth_unix_rw = "none"
auth_unix_ro = "none"
unix_sock_dir = "$dir/sock"
log_outputs = "3:file:$dir/libvirtd.log"
C
    close $cf;
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        POSIX::setsid();
        $ENV{$_} = $env{$_} for keys %env;
        $ENV{LIBVIRT_DRIVER_DIR} = "$dir/drivers";
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', "$dir/stdout.log";
        open STDERR, '>&', \*STDOUT;
        exec $libvirtd, '--listen', '--config', "$dir/libvirtd.conf", '-p', "$dir/libvirtd.pid"
            or POSIX::_exit(127);
    }
    my $self = bless { pid => $pid, dir => $dir, port => $port, owner => $$ }, $class;
    for (1 .. 150) {
        my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Timeout => 1);
        if ($c) { close $c; return $self }
        last if waitpid($pid, POSIX::WNOHANG()) == $pid;
        select(undef, undef, undef, 0.2);
    }
    my $log = do { local (@ARGV, $/) = ("$dir/libvirtd.log"); eval { <> } } // '';
    $self->kill;
    return (undef, "own libvirtd did not listen on port $port: " . substr($log, -300));
}

sub uri  { "test+tcp://127.0.0.1:$_[0]{port}/default" }
sub pid  { $_[0]{pid} }
sub dir  { $_[0]{dir} }

sub kill {
    my ($self) = @_;
    return unless $self->{pid} && $$ == $self->{owner};
    kill 'KILL', $self->{pid};
    waitpid($self->{pid}, 0);
    $self->{pid} = undef;
}

sub DESTROY { $_[0]->kill }

1;
