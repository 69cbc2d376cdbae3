package Probe;
# The printing half of the differential scripts (t/lib/*-script.pl): each of them calls
# Sys::Virt in many ways and prints one "LABEL: VALUE" line per observation, and a test runs
# it with the reference module and with ours and compares the two outputs. What they print
# must therefore be free of anything that changes between runs or implementations; the subs
# here do that part, the scripts keep what is their own.
#
# A script calls configure() once, at its top, saying
#   script     => __FILE__: its own file, whose " at FILE line N." keeps the line number
#                 (shown as "at SCRIPT line N"); any other file is cut to its base name;
#   rewrite    => sub { $_[0] =~ s/.../.../g }: its own replacements (temporary paths,
#                 names made for the run), applied to every text before the escaping;
#   named      => [CLASS => METHOD, ...]: handle classes shown as "REF/SCALAR(WHAT)", WHAT
#                 being METHOD's answer ("ERR" when it dies);
#   object     => sub { my ($v, $r) = @_; ... }: any other object of its own, as text, or
#                 undef to let show() go on ($r is "REF/REFTYPE");
#   error      => 'str' (the default: ref, code, domain, message and "$err"), 'plain' (the
#                 same without "$err") or a sub giving the text of a Sys::Virt::Error;
#   containers => which unblessed-or-not kinds are opened up: [qw(HASH ARRAY)] by default.
# From then on warnings are collected, to be printed after the line of the call that gave
# them.

use strict;
use warnings;
use POSIX ();
use Scalar::Util qw(blessed reftype);
use Exporter 'import';
our @EXPORT = qw(norm show flush_warnings L S UNSAFE NUL names);

my %CFG;
my @WARN;

sub configure {
    my (%opt) = @_;
    %CFG = (error => 'str', containers => [qw(HASH ARRAY)], named => [], %opt);
    $CFG{open} = { map { $_ => 1 } @{ $CFG{containers} } };
    $SIG{__WARN__} = sub { push @WARN, $_[0] };
    return;
}

# A text made comparable: " at FILE line N." rewritten, the script's replacements done,
# backslashes doubled, newlines as \n, other control and high bytes as \xNN, wide
# characters as \x{N}.
sub norm {
    my ($s) = @_;
    return 'undef' unless defined $s;
    my $script = $CFG{script} // '';
    $s =~ s{ at (.+?) line (\d+)\.$}{
        my ($f, $l) = ($1, $2);
        $f eq $script ? " at SCRIPT line $l." : do { (my $b = $f) =~ s{.*/}{}; " at $b." }
    }mge;
    $CFG{rewrite}->($s) if $CFG{rewrite};
    $s =~ s/\\/\\\\/g;
    $s =~ s/\n/\\n/g;
    $s =~ s/([\x00-\x1f\x7f-\xff])/sprintf '\\x%02x', ord $1/ge;
    $s =~ s/([^\x00-\xff])/sprintf '\\x{%x}', ord $1/ge;
    return $s;
}

sub show_error {
    my ($v) = @_;
    my $how = $CFG{error};
    return $how->($v) if ref $how;
    my $s = "ERR ref=" . ref($v) . " code=" . $v->code . " domain=" . $v->domain
        . " message=" . norm($v->message);
    $s .= " str=" . norm("$v") if $how eq 'str';
    return $s;
}

# One value as text: plain scalars through norm(); errors, handles and the script's own
# objects as configured; hashes (sorted by key) and arrays opened up when asked for; any
# other reference as "REF/REFTYPE", never an address.
sub show {
    my ($v) = @_;
    return 'undef' unless defined $v;
    return norm($v) unless ref $v;
    my $r = ref($v) . '/' . reftype($v);
    return show_error($v) if blessed($v) && $v->isa('Sys::Virt::Error');
    if (blessed($v) && reftype($v) eq 'SCALAR') {
        my @named = @{ $CFG{named} };
        while (my ($class, $method) = splice @named, 0, 2) {
            next unless $v->isa($class);
            my $n = eval { $v->$method };
            return "$r(" . (defined $n ? norm($n) : 'ERR') . ")";
        }
    }
    if ($CFG{object}) {
        my $s = $CFG{object}->($v, $r);
        return $s if defined $s;
    }
    if ($CFG{open}{HASH} && reftype($v) eq 'HASH') {
        return "$r\{" . join(',', map { norm($_) . '=' . show($v->{$_}) } sort keys %$v) . "}";
    }
    if ($CFG{open}{ARRAY} && reftype($v) eq 'ARRAY') {
        return "$r\[" . join(',', map { show($_) } @$v) . "]";
    }
    return $r;
}

# Prints the warnings collected since the last call, one "LABEL warn: ..." line each.
sub flush_warnings {
    my ($label) = @_;
    my @w = splice @WARN;
    print "$label warn: ", norm($_), "\n" for @w;
}

# Runs $code in list context and prints what it gave (or how it died), then its warnings;
# returns what it gave.
sub L {
    my ($label, $code) = @_;
    my @r = eval { $code->() };
    my $err = $@;
    if ($err) {
        print "$label: DIE ", show($err), "\n";
    } else {
        print "$label: ", scalar(@r), " [", join(' | ', map { show($_) } @r), "]\n";
    }
    flush_warnings($label);
    return @r;
}

# The same in scalar context.
sub S {
    my ($label, $code) = @_;
    my $r = eval { $code->() };
    my $err = $@;
    if ($err) {
        print "$label: DIE ", show($err), "\n";
    } else {
        print "$label: scalar ", show($r), "\n";
    }
    flush_warnings($label);
    return $r;
}

# A call the reference may not survive ("UNSAFE LABEL: ..."): it runs in a forked child
# whose stderr goes to /dev/null; the child writes its L() line (and warnings) into a pipe
# and leaves with POSIX::_exit, so no destructor runs there. The line says how the child
# ended (exit status or signal) and what it wrote.
sub UNSAFE {
    my ($label, $code) = @_;
    pipe(my $rd, my $wr) or die "pipe: $!";
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        close $rd;
        open STDERR, '>', '/dev/null';
        open STDOUT, '>&', $wr or POSIX::_exit(99);
        $| = 1;
        L('child', $code);
        close STDOUT;
        POSIX::_exit(0);
    }
    close $wr;
    my @lines = <$rd>;
    close $rd;
    waitpid($pid, 0);
    my ($st, $sig) = ($? >> 8, $? & 127);
    chomp @lines;
    s/\Achild(?: warn)?: // for @lines;
    my $how = $sig ? "killed by signal $sig" : "exit $st";
    print "UNSAFE $label: $how; ", (@lines ? join(' / ', @lines) : 'no output'), "\n";
}

# A call with a NUL byte inside the string argument $arg ("NUL LABEL [ARG]: ..."): one line
# only, its warnings (which may differ between the modules too) joined onto it.
sub NUL {
    my ($label, $arg, $code) = @_;
    my @r = eval { $code->() };
    my $err = $@;
    my $res = $err ? 'DIE ' . show($err) : scalar(@r) . ' [' . join(' | ', map { show($_) } @r) . ']';
    my @w = splice @WARN;
    print "NUL $label [$arg]: $res; warnings: ", join(' / ', map { norm($_) } @w), "\n";
}

# The names of some objects, sorted (libvirt leaves most list orders open).
sub names { join ',', sort map { $_->get_name } @_ }

1;
