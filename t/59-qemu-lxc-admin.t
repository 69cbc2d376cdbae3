#!/usr/bin/perl
# The QEMU, LXC and admin calls without a daemon (issue 25; t/75 has them on the real
# daemon):
#
#  1. the classes load, and every new method has its prototype;
#  2. the constants have the values of the installed headers (libvirt-qemu.h,
#     libvirt-admin.h), read by compiling a C program against them;
#  3. on the test driver, the calls fail with libvirt's "not supported", and bad arguments
#     die with clear messages;
#  4. the three libraries are looked up at load time, not linked: with each one replaced
#     (LD_LIBRARY_PATH) by a file that is no library, the module still loads and their
#     calls die "not supported" naming the library; with a stand-in library that lacks some
#     functions, those die naming the function and the version that added it;
#  5. descriptors become Perl file handles: stand-in libvirt-lxc and libvirt-qemu
#     libraries hand out descriptors (libvirt's LXC driver cannot run here, and the QEMU
#     driver passes none back), which come back as handles that read, and are closed when
#     freed;
#  6. the lxc_enter_* calls run only in a process with a single thread: with the real
#     libvirt-lxc in a child after fork, entering no namespace returns the old ones; in a
#     process with a second thread they die and change nothing.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use Config;
use FindBin;
use lib "$FindBin::Bin/lib";
use TestDriver qw(private_uri);
use POSIX ();
use Sys::Virt;
use Sys::Virt::Admin;

my $URI = private_uri();
my $conn = Sys::Virt->new(uri => $URI);
my $dom = $conn->get_domain_by_name('test');

sub err_of {
    my ($code) = @_;
    my @w;
    local $SIG{__WARN__} = sub { push @w, @_ };
    my $ok = eval { $code->(); 1 };
    return $ok ? 'no error' : $@;
}
sub code_of { my $e = shift; ref($e) && eval { $e->isa('Sys::Virt::Error') } ? $e->code : "not an error: $e" }

# ---- 1. classes, methods, prototypes ------------------------------------------------------
my %PROTO = (
    'Sys::Virt::Domain::qemu_monitor_command'            => '$$;$',
    'Sys::Virt::Domain::qemu_monitor_command_with_files' => '$$$;$',
    'Sys::Virt::Domain::qemu_agent_command'              => '$$$;$',
    'Sys::Virt::Domain::lxc_open_namespace'              => '$;$',
    'Sys::Virt::Domain::lxc_enter_namespace'             => '$$;$',
    'Sys::Virt::Domain::lxc_enter_security_label'        => '$$$;$',
    'Sys::Virt::Domain::lxc_enter_cgroup'                => '$;$',
    'Sys::Virt::qemu_monitor_event_register'             => '$$$$;$',
    'Sys::Virt::qemu_monitor_event_deregister'           => '$$',
    'Sys::Virt::qemu_attach'                             => '$$;$',
    'Sys::Virt::Admin::_open'                            => '$$',
    'Sys::Virt::Admin::get_uri'                          => '$',
    'Sys::Virt::Admin::is_alive'                         => '$',
    'Sys::Virt::Admin::get_library_version'              => '$',
    'Sys::Virt::Admin::register_close_callback'          => '$$',
    'Sys::Virt::Admin::unregister_close_callback'        => '$',
    'Sys::Virt::Admin::list_servers'                     => '$;$',
    'Sys::Virt::Admin::get_server_by_name'               => '$$;$',
    'Sys::Virt::Admin::get_logging_outputs'              => '$;$',
    'Sys::Virt::Admin::get_logging_filters'              => '$;$',
    'Sys::Virt::Admin::set_logging_outputs'              => '$$;$',
    'Sys::Virt::Admin::set_logging_filters'              => '$$;$',
    'Sys::Virt::Admin::set_daemon_timeout'               => '$$;$',
    'Sys::Virt::Admin::Server::get_name'                 => '$',
    'Sys::Virt::Admin::Server::get_threadpool_parameters' => '$;$',
    'Sys::Virt::Admin::Server::set_threadpool_parameters' => '$$;$',
    'Sys::Virt::Admin::Server::get_client_limits'        => '$;$',
    'Sys::Virt::Admin::Server::set_client_limits'        => '$$;$',
    'Sys::Virt::Admin::Server::list_clients'             => '$;$',
    'Sys::Virt::Admin::Server::get_client_by_id'         => '$$;$',
    'Sys::Virt::Admin::Server::update_tls_files'         => '$;$',
    'Sys::Virt::Admin::Client::get_id'                   => '$',
    'Sys::Virt::Admin::Client::get_timestamp'            => '$',
    'Sys::Virt::Admin::Client::get_transport'            => '$',
    'Sys::Virt::Admin::Client::get_info'                 => '$;$',
    'Sys::Virt::Admin::Client::close'                    => '$;$',
);
for my $sub (sort keys %PROTO) {
    no strict 'refs';
    ok(defined &{$sub}, "$sub exists") or next;
    is(prototype(\&{$sub}), $PROTO{$sub}, "... with prototype $PROTO{$sub}");
}
for my $class (qw(Sys::Virt::Admin Sys::Virt::Admin::Server Sys::Virt::Admin::Client)) {
    ok($class->can('DESTROY'), "$class has a DESTROY");
}
ok(Sys::Virt::Admin->can('new') && Sys::Virt::Admin->can('get_version'), 'Sys::Virt::Admin has new and get_version');
like(Sys::Virt::Admin->get_version, qr/\A\d{7,}\z/, 'Sys::Virt::Admin->get_version is a libvirt version number');
is(Sys::Virt::Admin->get_version, Sys::Virt::_get_library_version(0), '... the same as libvirt\'s');

# ---- 2. constants against the installed headers ----------------------------------------
my %CONST = (
    'Sys::Virt::Domain::QEMU_MONITOR_COMMAND_DEFAULT'  => 'VIR_DOMAIN_QEMU_MONITOR_COMMAND_DEFAULT',
    'Sys::Virt::Domain::QEMU_MONITOR_COMMAND_HMP'      => 'VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP',
    'Sys::Virt::Domain::QEMU_AGENT_COMMAND_MIN'        => 'VIR_DOMAIN_QEMU_AGENT_COMMAND_MIN',
    'Sys::Virt::Domain::QEMU_AGENT_COMMAND_BLOCK'      => 'VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK',
    'Sys::Virt::Domain::QEMU_AGENT_COMMAND_DEFAULT'    => 'VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT',
    'Sys::Virt::Domain::QEMU_AGENT_COMMAND_NOWAIT'     => 'VIR_DOMAIN_QEMU_AGENT_COMMAND_NOWAIT',
    'Sys::Virt::Domain::QEMU_AGENT_COMMAND_SHUTDOWN'   => 'VIR_DOMAIN_QEMU_AGENT_COMMAND_SHUTDOWN',
    'Sys::Virt::QEMU_MONITOR_EVENT_REGISTER_REGEX'     => 'VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_REGEX',
    'Sys::Virt::QEMU_MONITOR_EVENT_REGISTER_NOCASE'    => 'VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_NOCASE',
    'Sys::Virt::Admin::Client::TRANS_UNIX'             => 'VIR_CLIENT_TRANS_UNIX',
    'Sys::Virt::Admin::Client::TRANS_TCP'              => 'VIR_CLIENT_TRANS_TCP',
    'Sys::Virt::Admin::Client::TRANS_TLS'              => 'VIR_CLIENT_TRANS_TLS',
);
my %STRCONST = (
    'Sys::Virt::Admin::Client::INFO_READONLY'          => 'VIR_CLIENT_INFO_READONLY',
    'Sys::Virt::Admin::Client::INFO_SOCKET_ADDR'       => 'VIR_CLIENT_INFO_SOCKET_ADDR',
    'Sys::Virt::Admin::Client::INFO_SASL_USER_NAME'    => 'VIR_CLIENT_INFO_SASL_USER_NAME',
    'Sys::Virt::Admin::Client::INFO_X509_DISTINGUISHED_NAME' => 'VIR_CLIENT_INFO_X509_DISTINGUISHED_NAME',
    'Sys::Virt::Admin::Client::INFO_UNIX_USER_ID'      => 'VIR_CLIENT_INFO_UNIX_USER_ID',
    'Sys::Virt::Admin::Client::INFO_UNIX_USER_NAME'    => 'VIR_CLIENT_INFO_UNIX_USER_NAME',
    'Sys::Virt::Admin::Client::INFO_UNIX_GROUP_ID'     => 'VIR_CLIENT_INFO_UNIX_GROUP_ID',
    'Sys::Virt::Admin::Client::INFO_UNIX_GROUP_NAME'   => 'VIR_CLIENT_INFO_UNIX_GROUP_NAME',
    'Sys::Virt::Admin::Client::INFO_UNIX_PROCESS_ID'   => 'VIR_CLIENT_INFO_UNIX_PROCESS_ID',
    'Sys::Virt::Admin::Client::INFO_SELINUX_CONTEXT'   => 'VIR_CLIENT_INFO_SELINUX_CONTEXT',
    'Sys::Virt::Admin::Server::THREADPOOL_WORKERS_MIN' => 'VIR_THREADPOOL_WORKERS_MIN',
    'Sys::Virt::Admin::Server::THREADPOOL_WORKERS_MAX' => 'VIR_THREADPOOL_WORKERS_MAX',
    'Sys::Virt::Admin::Server::THREADPOOL_WORKERS_PRIORITY' => 'VIR_THREADPOOL_WORKERS_PRIORITY',
    'Sys::Virt::Admin::Server::THREADPOOL_WORKERS_FREE' => 'VIR_THREADPOOL_WORKERS_FREE',
    'Sys::Virt::Admin::Server::THREADPOOL_WORKERS_CURRENT' => 'VIR_THREADPOOL_WORKERS_CURRENT',
    'Sys::Virt::Admin::Server::THREADPOOL_JOB_QUEUE_DEPTH' => 'VIR_THREADPOOL_JOB_QUEUE_DEPTH',
    'Sys::Virt::Admin::Server::CLIENTS_MAX'            => 'VIR_SERVER_CLIENTS_MAX',
    'Sys::Virt::Admin::Server::CLIENTS_CURRENT'        => 'VIR_SERVER_CLIENTS_CURRENT',
    'Sys::Virt::Admin::Server::CLIENTS_UNAUTH_MAX'     => 'VIR_SERVER_CLIENTS_UNAUTH_MAX',
    'Sys::Virt::Admin::Server::CLIENTS_UNAUTH_CURRENT' => 'VIR_SERVER_CLIENTS_UNAUTH_CURRENT',
);

my $TMP = tempdir('sys-virt-t59-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $CC = (grep { -x "$_/cc" } split /:/, $ENV{PATH} // '') ? 'cc' : undef;

# Compiles and runs a C program; returns its output, or undef (with a diagnostic).
sub run_c {
    my ($name, $src, @ccargs) = @_;
    open my $fh, '>', "$TMP/$name.c" or die "$TMP/$name.c: $!";
    print $fh $src;
    close $fh;
    my $out = `$CC -o $TMP/$name $TMP/$name.c @ccargs 2>&1`;
    if ($?) { diag("cc $name.c: $out"); return undef }
    $out = `$TMP/$name`;
    return $? ? undef : $out;
}

# Builds a shared library from C source into $out; returns cc's complaints, or undef.
sub build_lib {
    my ($name, $src, $out) = @_;
    open my $fh, '>', "$TMP/$name.c" or die "$TMP/$name.c: $!";
    print $fh $src;
    close $fh;
    my $msg = `$CC -shared -fPIC -o $out $TMP/$name.c 2>&1`;
    return $? ? ($msg || 'cc failed') : undef;
}

SKIP: {
    skip 'no C compiler (cc) to read the installed headers', 2 unless $CC;
    skip 'libvirt-qemu.h and libvirt-admin.h not installed (libvirt-dev)', 2
        unless -f '/usr/include/libvirt/libvirt-qemu.h' && -f '/usr/include/libvirt/libvirt-admin.h';
    # Enum values are printed as the module's constants show them: a negative one as
    # 2**64 + value (as an unsigned long long), the rest as they are.
    my $src = "#include <stdio.h>\n#include <libvirt/libvirt-qemu.h>\n#include <libvirt/libvirt-admin.h>\n"
        . "int main(void) {\n";
    for my $perl (sort keys %CONST) {
        $src .= qq{    { long long v = (long long)$CONST{$perl}; if (v < 0) printf("$perl %llu\\n", (unsigned long long)v); else printf("$perl %lld\\n", v); }\n};
    }
    for my $perl (sort keys %STRCONST) {
        $src .= qq{    printf("$perl %s\\n", $STRCONST{$perl});\n};
    }
    $src .= "    return 0;\n}\n";
    my $out = run_c('consts', $src);
    ok(defined $out, 'a C program printed the headers\' values') or last;
    my %c = map { /\A(\S+) (.*)\z/ ? ($1 => $2) : () } split /\n/, $out;
    my @bad;
    no strict 'refs';
    for my $perl (sort(keys %CONST), sort(keys %STRCONST)) {
        my $ours = defined &{$perl} ? &{$perl}() : undef;
        push @bad, "$perl: ours " . ($ours // 'missing') . ", header " . ($c{$perl} // 'missing')
            unless defined $ours && defined $c{$perl} && "$ours" eq $c{$perl};
    }
    ok(!@bad, scalar(keys %c) . ' constants have the values of the installed headers')
        or diag(join "\n", @bad);
}
is(Sys::Virt::Domain::QEMU_AGENT_COMMAND_BLOCK(), Sys::Virt::Domain::AGENT_RESPONSE_TIMEOUT_BLOCK(),
   'QEMU_AGENT_COMMAND_BLOCK is AGENT_RESPONSE_TIMEOUT_BLOCK, as in C');

# ---- 3. the test driver, and arguments ---------------------------------------------------
is(code_of(err_of(sub { $dom->qemu_monitor_command('{"execute":"query-status"}') })), 3,
   'qemu_monitor_command on the test driver: not supported');
is(code_of(err_of(sub { $dom->qemu_agent_command('{"execute":"guest-ping"}', 5) })), 3,
   'qemu_agent_command: not supported');
is(code_of(err_of(sub { $dom->qemu_monitor_command_with_files('{}', []) })), 3,
   'qemu_monitor_command_with_files: not supported');
is(code_of(err_of(sub { $conn->qemu_attach(1) })), 3, 'qemu_attach: not supported');
is(code_of(err_of(sub { $conn->qemu_monitor_event_register(undef, undef, sub { }) })), 3,
   'qemu_monitor_event_register: not supported');
is(code_of(err_of(sub { $conn->qemu_monitor_event_deregister(0) })), 3,
   'qemu_monitor_event_deregister: not supported');
is(code_of(err_of(sub { $dom->lxc_open_namespace })), 3, 'lxc_open_namespace: not supported');

like(err_of(sub { $dom->qemu_monitor_command("x\0y") }), qr/cmd contains a NUL byte/,
     'a NUL byte in a monitor command dies, naming it');
like(err_of(sub { $dom->qemu_monitor_command_with_files('{}', 3) }), qr/fdssv is not an ARRAY reference/,
     'descriptors that are not an array die');
{
    open my $fh, '<', '/dev/null' or die;
    close $fh;
    like(err_of(sub { $dom->qemu_monitor_command_with_files('{}', [$fh]) }),
         qr/element 0 of fdssv is a file handle without a file descriptor/,
         'a closed file handle among the descriptors dies');
    open my $mem, '<', \ "in memory" or die;
    like(err_of(sub { $dom->lxc_enter_namespace([$mem]) }),
         qr/element 0 of fdssv is a file handle without a file descriptor/,
         '... and an in-memory one');
}
{
    my $gone = $conn->get_domain_by_name('test');
    $gone->DESTROY;
    like(err_of(sub { $gone->lxc_enter_namespace([0]) }), qr/dom has no libvirt handle any more/,
         'lxc_enter_namespace of a destroyed domain object dies (libvirt would read its NULL handle)');
    is(code_of(err_of(sub { $gone->lxc_open_namespace })), 7, 'lxc_open_namespace of one: libvirt\'s invalid-domain error');
    is(code_of(err_of(sub { $gone->qemu_monitor_command('{}') })), 7, 'qemu_monitor_command of one too');
}
like(err_of(sub { $dom->lxc_enter_security_label('x', {}) }), qr/model is not a HASH reference/,
     'a security model that is not a hash dies');
like(err_of(sub { $dom->lxc_enter_security_label({ model => 'x' x 300 }, {}) }),
     qr/model's model is longer than libvirt's 256 bytes/, 'too long a model name dies');
like(err_of(sub { $dom->lxc_enter_security_label({ model => "se\0linux" }, {}) }),
     qr/model's model contains a NUL byte/, 'a NUL byte in it dies');
like(err_of(sub { Sys::Virt::Admin->new(uri => "libvirtd:///system\0x") }), qr/contains a NUL byte/,
     'an admin URI with a NUL byte dies');
{
    # libvirt-admin has its own copy of libvirt's object types, which cannot be registered
    # beside libvirt's: this process has a Sys::Virt connection, so no admin connection.
    my $e = err_of(sub { Sys::Virt::Admin->new(uri => 'libvirtd:///system') });
    is(code_of($e), 3, 'an admin connection in a process with a Sys::Virt connection: refused (not supported)');
    like(ref $e ? $e->message : $e, qr/\Alibvirt-admin cannot be used in this process: it already uses libvirt's object types \(a Sys::Virt connection was opened\)/,
         '... saying why');
    pipe(my $rd, my $wr) or die;
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        close $rd;
        my $e = err_of(sub { Sys::Virt::Admin->new(uri => 'libvirtd:///system') });
        print {$wr} code_of($e), "\n";
        close $wr;
        POSIX::_exit(0);
    }
    close $wr;
    my $got = <$rd>;
    waitpid $pid, 0;
    is($got, "3\n", '... and in a child made by fork, which inherits the choice');
}
{
    my @w;
    local $SIG{__WARN__} = sub { push @w, @_ };
    my $r = Sys::Virt::Admin::get_uri('not an object');
    ok(!defined $r && "@w" =~ /adm is not a blessed SV reference/,
       'a non-object as the admin connection warns and returns undef, as elsewhere');
    my $forged = bless \(my $x = 1234), 'Sys::Virt::Admin::Server';
    like(err_of(sub { $forged->get_name }), qr/srv is not a Sys::Virt::Admin::Server object made by this module/,
         'a forged server object dies, naming it');
    like(err_of(sub { Sys::Virt::Admin::Client::get_id($dom) }),
         qr/client is not a Sys::Virt::Admin::Client object made by this module/,
         'a domain given as a client dies');
}

# ---- 4. and 5. libraries missing, or stand-ins --------------------------------------------
# Runs Perl code in a child with LD_LIBRARY_PATH=$dir; returns its output lines as a hash
# (each line "key<TAB>value").
sub child {
    my ($dir, $code) = @_;
    my $pid = open(my $fh, '-|') // die "fork: $!";
    if (!$pid) {
        $ENV{LD_LIBRARY_PATH} = $dir;
        open STDERR, '>&', \*STDOUT;
        exec $^X, (map { "-I$_" } grep { !ref } @INC), '-e', $code or POSIX::_exit(127);
    }
    my %r;
    my @junk;
    while (my $l = <$fh>) {
        chomp $l;
        if ($l =~ /\A(\w+)\t(.*)\z/) { $r{$1} = $2 } else { push @junk, $l }
    }
    close $fh;
    $r{status} = $?;
    $r{junk} = join "\n", @junk;
    return \%r;
}
{
    # The other way round: a process that opened an admin connection (here to a daemon
    # that does not exist: the types are registered all the same) cannot open Sys::Virt
    # connections, but more admin connections.
    my $r = child('', <<'P');
use strict; use warnings; use Sys::Virt; use Sys::Virt::Admin; $| = 1;
sub err { my $e = $@; ref $e ? $e->code . ' ' . $e->message : "die $e" }
eval { Sys::Virt::Admin->new(uri => 'nosuchdaemon:///system') }; print "admin\t", err(), "\n";
eval { Sys::Virt->new(uri => 'test:///default') }; print "conn\t", err(), "\n";
eval { Sys::Virt->new(uri => 'test:///default', auth => 1, credlist => [], callback => sub { 0 }) };
print "auth\t", err(), "\n";
eval { Sys::Virt->new_async(uri => 'test:///default') }; print "async\t", err(), "\n";
eval { Sys::Virt::Admin->new(uri => 'nosuchdaemon:///system') }; print "admin2\t", err(), "\n";
print "version\t", Sys::Virt::Admin->get_version, "\n";
P
    is($r->{status}, 0, 'a process with an admin connection attempt ran on') or diag($r->{junk});
    like($r->{admin} // '', qr/\A\d+ .*nosuchdaemon/, 'an admin URI of no daemon: libvirt\'s error');
    like($r->{conn} // '', qr/\A3 Sys::Virt connections cannot be opened in this process: it uses libvirt-admin/,
         'then Sys::Virt->new is refused (not supported), saying why');
    like($r->{auth} // '', qr/\A3 Sys::Virt connections cannot be opened/, '... with auth too');
    like($r->{async} // '', qr/\A3 Sys::Virt connections cannot be opened/, '... and new_async');
    is($r->{admin2}, $r->{admin}, 'another admin connection attempt works as the first');
    like($r->{version} // '', qr/\A\d{7,}\z/, 'get_version works');
}

my $PRELUDE = <<'P';
use strict; use warnings; use Sys::Virt; use Sys::Virt::Admin; $| = 1;
sub err { my $e = $@; ref $e ? $e->code . ' ' . $e->message : "die $e" }
my $c = Sys::Virt->new(uri => 'test:///default');
my $d = $c->get_domain_by_name('test');
print "loaded\t1\n";
P

{
    my $dir = "$TMP/broken";
    mkdir $dir or die;
    for my $lib (qw(libvirt-qemu.so.0 libvirt-lxc.so.0 libvirt-admin.so.0)) {
        open my $fh, '>', "$dir/$lib" or die;
        print $fh "not a library\n";
        close $fh;
    }
    my $r = child($dir, $PRELUDE . <<'P');
eval { $d->qemu_monitor_command('{}') }; print "qemu\t", err(), "\n";
eval { $c->qemu_monitor_event_register(undef, undef, sub { }) }; print "qemuev\t", err(), "\n";
eval { $d->lxc_open_namespace }; print "lxc\t", err(), "\n";
eval { Sys::Virt::Admin->new(uri => 'libvirtd:///system') }; print "admin\t", err(), "\n";
eval { Sys::Virt::Admin->get_version }; print "adminver\t", err(), "\n";
print "domain\t", $d->get_name, "\n";
P
    is($r->{status}, 0, 'with the three libraries unloadable, the module loads and runs') or diag($r->{junk});
    is($r->{loaded}, 1, '... and opens a connection');
    is($r->{domain}, 'test', '... whose other calls work');
    like($r->{qemu} // '', qr/\A3 this function is not supported: virDomainQemuMonitorCommand is in libvirt-qemu\.so\.0, which could not be loaded \(.*libvirt-qemu\.so\.0.*\)\z/,
         'a QEMU call dies "not supported", naming the function and the library');
    like($r->{qemuev} // '', qr/\A3 .*virConnectDomainQemuMonitorEventRegister is in libvirt-qemu\.so\.0/,
         '... an event registration too (and frees its callback)');
    like($r->{lxc} // '', qr/\A3 .*virDomainLxcOpenNamespace is in libvirt-lxc\.so\.0, which could not be loaded/,
         'an LXC call the same');
    like($r->{admin} // '', qr/\A3 .*virAdmConnectOpen is in libvirt-admin\.so\.0, which could not be loaded/,
         'Sys::Virt::Admin->new the same');
    like($r->{adminver} // '', qr/\A3 .*virAdmGetVersion is in libvirt-admin\.so\.0/,
         '... and get_version');
}

SKIP: {
    skip 'no C compiler (cc) to build stand-in libraries', 12 unless $CC;
    my $dir = "$TMP/stubs";
    mkdir $dir or die;
    # A libvirt-qemu with two of its functions: the monitor command (a fixed reply) and the
    # command with files (the reply names the descriptors it got, and it hands back two new
    # ones: a pipe's read end with "from qemu\n" waiting in it, and /dev/null opened for
    # writing).
    my $qemu = build_lib('qemu-stub', <<'C', "$dir/libvirt-qemu.so.0");
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
int virDomainQemuMonitorCommand(void *dom, const char *cmd, char **result, unsigned int flags)
{
    char buf[256];
    snprintf(buf, sizeof buf, "stub reply to %s, flags %u", cmd, flags);
    *result = strdup(buf);
    return 0;
}
int virDomainQemuMonitorCommandWithFiles(void *dom, const char *cmd, unsigned int ninfiles,
    int *infiles, unsigned int *noutfiles, int **outfiles, char **result, unsigned int flags)
{
    char buf[256];
    int p[2], n = 0;
    unsigned int i;
    n += snprintf(buf + n, sizeof buf - n, "%s:", cmd);
    for (i = 0; i < ninfiles; i++) {
        int fl = fcntl(infiles[i], F_GETFD);
        n += snprintf(buf + n, sizeof buf - n, " %s", fl < 0 ? "bad" : "open");
    }
    *result = strdup(buf);
    if (pipe(p) < 0) return -1;
    if (write(p[1], "from qemu\n", 10) != 10) return -1;
    close(p[1]);
    *outfiles = malloc(2 * sizeof(int));
    (*outfiles)[0] = p[0];
    (*outfiles)[1] = open("/dev/null", O_WRONLY);
    *noutfiles = 2;
    return 0;
}
C
    ok(!defined $qemu, 'a stand-in libvirt-qemu.so.0 was built') or diag($qemu);
    my $lxc = build_lib('lxc-stub', <<'C', "$dir/libvirt-lxc.so.0");
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
/* Two "namespaces": /dev/null and this file's own name, read-only. */
int virDomainLxcOpenNamespace(void *dom, int **fdlist, unsigned int flags)
{
    int *l = malloc(2 * sizeof(int));
    l[0] = open("/dev/null", O_RDONLY);
    l[1] = open("/proc/self/maps", O_RDONLY);
    *fdlist = l;
    return 2;
}
C
    ok(!defined $lxc, 'a stand-in libvirt-lxc.so.0 was built') or diag($lxc);
    my $r = child($dir, $PRELUDE . <<'P');
print "monitor\t", $d->qemu_monitor_command('{"execute":"x"}', 1), "\n";
eval { $d->qemu_agent_command('{}', 5) }; print "agent\t", err(), "\n";
open my $in, '<', '/dev/null' or die;
my @r = $d->qemu_monitor_command_with_files('cmd', [$in, fileno($in), 9999]);
print "files\t", scalar(@r), " $r[0]\n";
my $line = readline($r[1]); chomp $line;
print "out0\t", ref($r[1]), ' ', $line, "\n";
print "out1\t", ref($r[2]), ' ', (print { $r[2] } "x") ? 'writes' : 'no', "\n";
my @fds = map { fileno $_ } @r[1, 2];
print "outfds\t", join(',', map { -e "/proc/self/fd/$_" ? 'open' : 'closed' } @fds), "\n";
@r = ();
print "freed\t", join(',', map { -e "/proc/self/fd/$_" ? 'open' : 'closed' } @fds), "\n";
my @ns = $d->lxc_open_namespace;
print "ns\t", scalar(@ns), ' ', join(',', map { ref $_ } @ns), "\n";
print "nsread\t", (defined(readline($ns[1])) ? 'reads' : 'no'), "\n";
@fds = map { fileno $_ } @ns;
close $ns[0];
print "closed0\t", (-e "/proc/self/fd/$fds[0]" ? 'open' : 'closed'), "\n";
undef @ns;
print "freedns\t", (-e "/proc/self/fd/$fds[1]" ? 'open' : 'closed'), "\n";
eval { $d->lxc_enter_cgroup }; print "cgroup\t", err(), "\n";
P
    is($r->{status}, 0, 'with stand-in libraries the module loads and runs') or diag($r->{junk});
    is($r->{monitor}, 'stub reply to {"execute":"x"}, flags 1', 'qemu_monitor_command returns the reply libvirt-qemu wrote');
    like($r->{agent} // '', qr/\A3 this function is not supported by the loaded libvirt-qemu\.so\.0 \(libvirt [\d.]+\): virDomainQemuAgentCommand was added in libvirt 0\.10\.0\z/,
         'a function the loaded libvirt-qemu lacks dies "not supported", naming it and its version');
    is($r->{files}, '3 cmd: open open bad', 'qemu_monitor_command_with_files passes handles and numbers, returns the reply and two handles');
    is($r->{out0}, "GLOB from qemu", 'a descriptor handed back is a Perl file handle that reads');
    is($r->{out1}, 'GLOB writes', '... and one opened for writing writes');
    is($r->{outfds}, 'open,open', 'their descriptors are open while the handles live');
    is($r->{freed}, 'closed,closed', '... and closed when the handles are freed');
    is($r->{ns}, '2 GLOB,GLOB', 'lxc_open_namespace returns a file handle per namespace');
    is($r->{nsread}, 'reads', '... which read');
    is($r->{closed0}, 'closed', 'close closes one');
    is($r->{freedns}, 'closed', 'freeing them closes the others');
    like($r->{cgroup} // '', qr/\A3 .*virDomainLxcEnterCGroup was added in libvirt 2\.0\.0/,
         'lxc_enter_cgroup, missing from the stand-in: not supported');
}

# ---- 6. the lxc_enter_* calls and threads --------------------------------------------------
{
    # The real libvirt-lxc, in a child after fork: entering the namespaces the process is
    # in already (libvirt ignores setns's EINVAL for those) returns handles on the ones it
    # was in; an empty list and a descriptor that is not open get libvirt's errors.
    pipe(my $rd, my $wr) or die;
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        close $rd;
        my @out;
        my @ns = map { my $fh; open($fh, "<", "/proc/self/ns/$_") ? $fh : () } qw(net uts);
        my @old = eval { $dom->lxc_enter_namespace(\@ns) };
        push @out, $@ ? (ref $@ ? $@->message : $@) : '';
        push @out, join ',', map { ref($_) && (readlink("/proc/self/fd/" . fileno($_)) // '') =~ /\A(\w+):\[/ ? $1 : 'bad' } @old;
        push @out, eval { $dom->lxc_enter_namespace([]); 1 } ? 'entered' : ref $@ ? $@->code : $@;
        push @out, eval { $dom->lxc_enter_namespace([9999]); 1 } ? 'entered' : ref $@ ? $@->code : $@;
        # The test domain's ID is 1: this child moves into init's cgroups (or gets libvirt's
        # error where it may not), then exits.
        push @out, eval { $dom->lxc_enter_cgroup; 1 } ? 'entered' : ref $@ ? $@->code : $@;
        print {$wr} join('|', @out), "\n";
        close $wr;
        POSIX::_exit(0);
    }
    close $wr;
    my $line = <$rd> // '';
    chomp $line;
    waitpid $pid, 0;
    my ($e1, $ns, $e2, $e3, $e4) = split /\|/, $line, 5;
    is($e1, '', 'lxc_enter_namespace with the namespaces it is in, in a single-threaded child: no error');
    like($ns // '', qr/\A(?:\w+,)*net(?:,\w+)*\z/, "... returns handles on the namespaces it was in ($ns)");
    unlike($ns // '', qr/bad/, '... each a handle on a namespace');
    like($e2 // '', qr/\A\d+\z/, "an empty list: libvirt's error ($e2)");
    like($e3 // '', qr/\A\d+\z/, "a descriptor that is not open: libvirt's error ($e3)");
    like($e4 // '', qr/\A(?:entered|\d+)\z/, "lxc_enter_cgroup in a single-threaded child: done, or libvirt's error ($e4)");
}
SKIP: {
    skip 'perl without threads', 4 unless $Config{useithreads};
    my $code = <<'P';
use strict; use warnings; use threads; use threads::shared; use Sys::Virt; $| = 1;
my $d = Sys::Virt->new(uri => 'test:///default')->get_domain_by_name('test');
my $go :shared = 0;
my $t = threads->create(sub { lock $go; cond_wait $go until $go; 1 });
for my $m (['lxc_enter_namespace', []], ['lxc_enter_cgroup'], ['lxc_enter_security_label', {}, {}]) {
    my ($name, @args) = @$m;
    my $r = eval { $d->$name(@args); 1 } ? 'ran' : "$@";
    $r =~ s/ at .*//s;
    print "$name\t$r\n";
}
{ lock $go; $go = 1; cond_signal $go }
$t->join;
P
    my $r = child('', $code);
    is($r->{status}, 0, 'a process with a second thread ran the lxc_enter_* calls') or diag($r->{junk});
    for my $m (qw(lxc_enter_namespace lxc_enter_cgroup lxc_enter_security_label)) {
        like($r->{$m} // '', qr/\ASys::Virt::Domain::$m\(\) changes the calling process, so it runs only in a process with a single thread \(this one has [2-9]\d*\): call it in a child made by fork\z/,
             "$m dies there, saying why");
    }
}

done_testing();
