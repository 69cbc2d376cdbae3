#!/usr/bin/perl
# Hostile input for every XSUB of Sys::Virt::Admin, ::Admin::Server and ::Admin::Client,
# as t/70-hostile-input.t does for the other classes. It is a file of its own because a
# process that has admin connections cannot have Sys::Virt connections (see
# Sys::Virt::Admin), and t/70's state lives on the test driver. Needs the real daemon's
# admin socket (tools/libvirtd.sh).
#
# The XSUBs are found in the stashes; their parameters come from their usage messages.
# Each parameter in turn gets hostile values (no object, an object of another class, a
# forged or destroyed object, undef, 16 MiB, a NUL byte, numbers out of range, odd hashes
# and code), and each sub is called with too few and too many arguments, in this process
# inside eval: that the test finishes proves none crashed. Then the rules of t/70:
#  - a NUL byte in a string argument dies, naming the argument;
#  - an object of another kind (or one this module did not make) dies, naming it;
#  - a non-object warns "... is not a blessed SV reference" and returns undef (DESTROY:
#    nothing; register_close_callback: dies, as Sys::Virt's does);
#  - everything else is libvirt's answer (an error object) or a result.
# The objects are made again whenever a probe changed them (a closed client, a destroyed
# object), and whatever a probe changed on the daemon (worker pool, client limits, logging,
# idle timeout) is set back after it.
use strict;
use warnings;
use B ();
use Test::More;
use Sys::Virt::Admin;

my $ADMIN_SOCK = '/var/run/libvirt/libvirt-admin-sock';
plan(skip_all => 'needs root (the real libvirtd runs as root)') if $> != 0;
plan(skip_all => "no libvirtd admin socket $ADMIN_SOCK (run tools/libvirtd.sh start)") unless -S $ADMIN_SOCK;
my $URI = 'libvirtd:///system';
# Closing the client of one of this process's own admin connections, then using that
# connection, writes to a socket the daemon closed: an error, not a killed test.
$SIG{PIPE} = 'IGNORE';
my $BASE = eval { Sys::Virt::Admin->new(uri => $URI) }
    or plan(skip_all => "cannot connect to $URI: " . (ref $@ ? $@->message : $@));

# What probes may change on the daemon, and how it was.
my $SRV0 = $BASE->get_server_by_name('libvirtd');
my %SAVED = (pool => $SRV0->get_threadpool_parameters, limits => $SRV0->get_client_limits,
             filters => $BASE->get_logging_filters, outputs => $BASE->get_logging_outputs);
sub restore_daemon {
    local $SIG{__WARN__} = sub { };
    eval { $SRV0->set_threadpool_parameters($SAVED{pool}) };
    eval { $SRV0->set_client_limits($SAVED{limits}) };
    eval { $BASE->set_logging_filters($SAVED{filters}) };
    eval { $BASE->set_logging_outputs($SAVED{outputs}) };
    eval { $BASE->set_daemon_timeout(0) };
}
my $PARENT = $$;
END { restore_daemon() if $BASE && $$ == $PARENT }

# ---- the objects: an admin connection, the libvirtd server, and a client to probe (the
# client of a second admin connection, so that closing it harms nothing else) ----
my $STATE;
sub fresh {
    my $adm = Sys::Virt::Admin->new(uri => $URI);
    my $asrv = $adm->get_server_by_name('admin');
    my %before = map { $_->get_id => 1 } $asrv->list_clients;
    my $victim = Sys::Virt::Admin->new(uri => $URI);
    my ($client) = grep { !$before{ $_->get_id } } $asrv->list_clients;
    die "no client for the second admin connection\n" unless $client;
    return { adm => $adm, srv => $adm->get_server_by_name('libvirtd'), client => $client,
             victim => $victim, id => $client->get_id };
}
my %CLASS = (adm => 'Sys::Virt::Admin', srv => 'Sys::Virt::Admin::Server',
             client => 'Sys::Virt::Admin::Client');
sub state { $STATE = fresh() unless state_clean($STATE); return $STATE }
sub state_clean {
    my ($st) = @_;
    return 0 unless $st;
    for my $k (qw(adm srv client)) {
        return 0 unless ref($st->{$k}) eq $CLASS{$k} && ${ $st->{$k} };
    }
    local $SIG{__WARN__} = sub { };
    return eval { $st->{adm}->is_alive && $st->{victim}->is_alive
                  && $st->{client}->get_id == $st->{id} && $st->{client}->get_info; 1 } ? 1 : 0;
}
my %OTHER = (adm => 'srv', srv => 'client', client => 'adm');
{ package My::Subclass::Adm; our @ISA = ('Sys::Virt::Admin') }
{ package My::Subclass::Srv; our @ISA = ('Sys::Virt::Admin::Server') }
{ package My::Subclass::Client; our @ISA = ('Sys::Virt::Admin::Client') }
my %SUB = (adm => 'My::Subclass::Adm', srv => 'My::Subclass::Srv', client => 'My::Subclass::Client');
my $OBJKIND = qr/\A(?:adm|srv|client)\z/;

my $BIG = 'A' x (16 * 1024 * 1024);
sub valid_value {
    my ($kind, $st) = @_;
    return $st->{$kind} if $kind =~ $OBJKIND;
    my %v = (
        flags    => 0,
        uri      => $URI,
        srvname  => 'libvirtd',
        id       => $st->{id},
        poolparams => { map { $_ => $SAVED{pool}{$_} } qw(minWorkers maxWorkers prioWorkers) },
        limitparams => { map { $_ => $SAVED{limits}{$_} } qw(nclients_max nclients_unauth_max) },
        outputs  => $SAVED{outputs},
        filters  => $SAVED{filters} // '',
        timeout  => 0,
        code     => sub { 0 },
    );
    die "no valid value for kind $kind" unless exists $v{$kind};
    return $v{$kind};
}
my @OBJ_BAD = (
    [ undef      => sub { undef } ],
    [ string     => sub { 'Sys::Virt::Admin' } ],
    [ number     => sub { 12345 } ],
    [ arrayref   => sub { [] } ],
    [ hashref    => sub { {} } ],
    [ coderef    => sub { sub { 1 } } ],
    [ blessedhash => sub { bless {}, $CLASS{ $_[1] } } ],
    [ forged     => sub { my $x = 12345; bless \$x, $CLASS{ $_[1] } } ],
    [ forgedzero => sub { my $x = 0; bless \$x, $CLASS{ $_[1] } } ],
    [ copied     => sub { my $x = ${ $_[0]{ $_[1] } }; bless \$x, $CLASS{ $_[1] } } ],
    [ wrongkind  => sub { $_[0]{ $OTHER{ $_[1] } } } ],
    [ subclass   => sub { bless $_[0]{ $_[1] }, $SUB{ $_[1] } } ],
    [ destroyed  => sub { my $o = $_[0]{ $_[1] }; $o->DESTROY; $o } ],
);
my @STR_BAD = (
    [ undef    => sub { undef } ],
    [ empty    => sub { '' } ],
    [ nul      => sub { "libvirtd\0junk" } ],
    [ big      => sub { $BIG } ],
    [ notutf8  => sub { "\xff\xfe\x80" } ],
    [ wide     => sub { "\x{263a}" } ],
    [ arrayref => sub { [] } ],
    [ object   => sub { $_[0]{srv} } ],
);
my @NUM_BAD = (
    [ undef => sub { undef } ], [ abc => sub { 'abc' } ], [ frac => sub { 1.9 } ],
    [ '2**32' => sub { 2**32 } ], [ '2**31' => sub { 2**31 } ], [ '-1' => sub { -1 } ],
    [ '1e30' => sub { 1e30 } ], [ inf => sub { 'inf' } ], [ nan => sub { 'nan' } ],
    [ '2**64' => sub { 2**64 } ], [ UVMAX => sub { ~0 } ], [ arrayref => sub { [] } ],
    [ nul => sub { "2\0junk" } ], [ big => sub { $BIG } ],
);
my @HASH_BAD = (
    [ undef => sub { undef } ], [ string => sub { 'x' } ], [ arrayref => sub { [1] } ],
    [ empty => sub { {} } ], [ badvalue => sub { { maxWorkers => 'abc', nclients_max => 'abc' } } ],
    [ hugevalue => sub { { maxWorkers => 2**40, nclients_max => 2**40 } } ],
    [ zero => sub { { minWorkers => 0, maxWorkers => 0, nclients_max => 0 } } ],
    [ undefval => sub { { maxWorkers => undef } } ], [ refvalue => sub { { maxWorkers => [] } } ],
    [ nulkey => sub { { "maxWorkers\0x" => 1 } } ],
);
my @CODE_BAD = (
    [ undef => sub { undef } ], [ string => sub { 'no::such::sub' } ], [ number => sub { 1 } ],
    [ dies => sub { sub { die "callback died\n" } } ],
);
sub bad_list {
    my ($kind) = @_;
    return \@OBJ_BAD if $kind =~ $OBJKIND;
    return \@HASH_BAD if $kind =~ /params\z/;
    return \@NUM_BAD if $kind =~ /\A(?:flags|id|timeout)\z/;
    return \@CODE_BAD if $kind eq 'code';
    return \@STR_BAD;
}
sub param_kind {
    my ($sub, $p) = @_;
    return 'adm' if $p =~ /\Aadm(?:_rv|ref)?\z/;
    return 'srv' if $p =~ /\Asrv(?:_rv)?\z/;
    return 'client' if $p =~ /\Aclient(?:_rv)?\z/;
    return 'uri' if $p eq 'name' && $sub eq 'Sys::Virt::Admin::_open';
    return 'srvname' if $p eq 'name';
    return 'poolparams' if $p eq 'newparams' && $sub =~ /threadpool/;
    return 'limitparams' if $p eq 'newparams';
    return 'code' if $p eq 'cb';
    return $p if $p =~ /\A(?:flags|id|outputs|filters|timeout)\z/;
    die "no kind for parameter $p of $sub";
}

# ---- the XSUBs and their probes ----
my @xsubs;
for my $pkg (qw(Sys::Virt::Admin Sys::Virt::Admin::Server Sys::Virt::Admin::Client)) {
    no strict 'refs';
    for my $n (sort keys %{"${pkg}::"}) {
        my $cv = *{"${pkg}::$n"}{CODE} or next;
        my $b = B::svref_2object($cv);
        next if ($b->CvFLAGS & B::CVf_CONST()) && $n ne 'DESTROY';
        next unless $b->XSUB;
        push @xsubs, "${pkg}::$n";
    }
}
cmp_ok(scalar(@xsubs), '>=', 30, scalar(@xsubs) . ' XSUBs found');

my (@probes, %sig);
for my $sub (@xsubs) {
    no strict 'refs';
    my @w;
    local $SIG{__WARN__} = sub { push @w, @_ };
    eval { &{$sub}(); 1 } and eval { &{$sub}(0); 1 };    # (a sub without parameters)
    my ($usage) = "$@" =~ /\AUsage: \Q$sub\E\((.*)\)/;
    if (!defined $usage) {
        fail("$sub gives its usage message");
        next;
    }
    my @p = $usage eq '' ? () : split /,\s*/, $usage;
    my $nmin = grep { !/=/ } @p;
    my $nmax = @p;
    s/\s*=.*// for @p;
    my @valid = map { param_kind($sub, $_) } @p;
    $sig{$sub} = \@valid;
    for my $i (0 .. $#valid) {
        for my $bad (@{ bad_list($valid[$i]) }) {
            my @s = @valid;
            $s[$i] .= "=$bad->[0]";
            push @probes, join("\t", $sub, @s);
        }
    }
    push @probes, join("\t", $sub, @valid);
    push @probes, join("\t", $sub, @valid[0 .. $nmin - 2]) if $nmin >= 2;
    push @probes, join("\t", $sub, @valid[0 .. $nmin - 1]) if $nmin < $nmax && $nmin > 0;
    push @probes, join("\t", $sub, @valid, 'extra');
}

sub strip_at { my ($s) = @_; $s =~ s/ at \S+ line \d+(?:, <\S+> line \d+)?\.\n\z//; $s =~ s/\n\z//; $s }
my %BAD = map { my $k = $_; ($k => { map { $_->[0] => $_->[1] } @{ bad_list($k) } }) }
    qw(adm srv client flags uri srvname id poolparams limitparams outputs filters timeout code);

my %out;
for my $probe (@probes) {
    my ($name, @specs) = split /\t/, $probe;
    my $st = state();
    my @args;
    for my $spec (@specs) {
        my ($kind, $label) = split /=/, $spec, 2;
        if ($kind eq 'extra') { push @args, 0; next }
        push @args, defined $label ? $BAD{$kind}{$label}->($st, $kind) : valid_value($kind, $st);
    }
    my (@warn, @ret);
    no strict 'refs';
    my $ok = do {
        local $SIG{__WARN__} = sub { push @warn, strip_at($_[0]) };
        eval { @ret = &{$name}(@args); 1 };
    };
    my $err = $@;
    restore_daemon() if $name =~ /::set_/;
    my $o;
    if ($ok) {
        $o = 'ok:' . join(',', map { !defined $_ ? 'undef' : ref($_) || 'scalar' } @ret);
    } elsif (ref($err) && eval { $err->isa('Sys::Virt::Error') }) {
        $o = "err:$err->{code}";
    } else {
        ($o = 'die:' . strip_at("$err")) =~ s/\n/\\n/g;
    }
    $out{$probe} = join "\t", $o, map { "warn:$_" } @warn;
}
diag(join "\n", map { "$_ => $out{$_}" } @probes) if $ENV{SYS_VIRT_HOSTILE_SHOW};
pass('no probe crashed the interpreter (' . scalar(@probes) . ' probes over ' . scalar(@xsubs) . ' XSUBs)');

for my $sub (sort keys %sig) {
    no strict 'refs';
    next unless @{ $sig{$sub} };
    ok(!eval { &{$sub}(); 1 } && $@ =~ /\AUsage: \Q$sub\E\(/, "$sub() with no arguments: usage");
}

my %STRKIND = map { $_ => 1 } qw(uri srvname outputs filters);
for my $p (@probes) {
    my ($sub, @specs) = split /\t/, $p;
    my $o = $out{$p};
    for my $i (0 .. $#specs) {
        my ($kind, $label) = split /=/, $specs[$i], 2;
        next unless defined $label;
        my $what = "$sub arg $i ($kind=$label)";
        if ($STRKIND{$kind} && $label eq 'nul') {
            like($o, qr/\Adie:\Q$sub\E\(\) -- \w+ contains a NUL byte/, "$what: dies naming the argument");
        }
        next unless $kind =~ $OBJKIND;
        if ($label =~ /\A(?:wrongkind|forged|forgedzero|copied)\z/ && $sub =~ /::DESTROY\z/) {
            is($o, 'ok:', "$what: DESTROY of an object it does not own is a silent no-op");
        } elsif ($label =~ /\A(?:wrongkind|forged|forgedzero|copied)\z/) {
            like($o, qr/\Adie:\Q$sub\E\(\) -- \w+ is not a \Q$CLASS{$kind}\E object made by this module/,
                 "$what: dies naming the argument");
        } elsif ($label eq 'subclass') {
            like($o, qr/\A(?:ok|err):/, "$what: a subclass object works like the object ($o)");
        } elsif ($label eq 'destroyed') {
            unlike($o, qr/\Adie:/, "$what: no Perl-level die (libvirt's error or a no-op)");
        } elsif ($sub =~ /::DESTROY\z/) {
            like($o, qr/\Aok:\z/, "$what: DESTROY of a non-object is a silent no-op");
        } elsif ($sub =~ /::register_close_callback\z/) {
            like($o, qr/\Adie:\Q$sub\E\(\) -- admref is not a blessed SV reference/, "$what: dies naming the argument");
        } else {
            like($o, qr/\Aok:undef\twarn:\Q$sub\E\(\) -- \w+ is not a blessed SV reference(?:\t|\z)/,
                 "$what: warns and returns undef");
        }
    }
}

# The daemon is as it was.
restore_daemon();
is_deeply($SRV0->get_threadpool_parameters->{maxWorkers}, $SAVED{pool}{maxWorkers}, 'the worker pool is as it was');
is($SRV0->get_client_limits->{nclients_max}, $SAVED{limits}{nclients_max}, 'the client limits too');
is($BASE->get_logging_filters, $SAVED{filters}, 'the log filters too');
is($BASE->get_logging_outputs, $SAVED{outputs}, 'the log outputs too');

done_testing();
