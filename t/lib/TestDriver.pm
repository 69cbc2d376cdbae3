package TestDriver;
# What several test files share: a private state of libvirt's test driver (so that tests
# which change things do not touch the process-wide test:///default), and checks for the
# three ways a call can fail (a Sys::Virt::Error, a usage message, warnings).

use strict;
use warnings;
use File::Spec;
use File::Temp qw(tempdir);
use Scalar::Util qw(blessed);
use Test::More ();
use Exporter 'import';
our @EXPORT_OK = qw(private_uri TEST_UUID warnings_of virt_error_ok usage_ok run_perl REFDIR
                    reference_missing reference_skip_reason reference_version reference_is_older
                    our_api_version reference_outcome expect_as_reference xml_error_style
                    libvirt_message_re malformed_domain_message outside_daemon_reason);

use constant TEST_UUID => '6695eb01-f6a4-8304-79aa-97f2502e193f';

# ---------------------------------------------------------------------------------------
# The reference: the XS Sys::Virt (Debian's libsys-virt-perl), whatever perl and Debian
# release this is. It is found by loading it, never by a path: a child of this perl ($^X),
# with PERL5LIB, PERLLIB and PERL5OPT unset and run from the root directory, requires
# Sys::Virt and says which Sys/Virt.pm it loaded and its $VERSION. So only perl's own
# @INC is searched: never this tree's blib/ or lib/, nor anything the harness added
# (make test, prove -b); and a Sys/Virt.pm identical to this tree's lib/Sys/Virt.pm (this
# distribution installed, e.g. its Debian package) is not taken for the reference either.
# SYS_VIRT_NO_REFERENCE=1 says there is none. Done once per process, at the first question.
#
#   REFDIR               the @INC directory the reference was loaded from (its Sys/Virt.pm
#                        is REFDIR . '/Sys/Virt.pm'); undef when there is none
#   reference_missing    undef when the reference was found, else why not (for a skip)
#   reference_version    its $Sys::Virt::VERSION (undef when there is none)
#   reference_is_older   true when it is older than the API this distribution implements
#                        (our_api_version), so that ours may have names it lacks
#   our_api_version      our $Sys::Virt::VERSION, the version of the XS module's API that
#                        this one implements, read from this tree's lib/Sys/Virt.pm
my %REF;
sub _find_reference {
    return if $REF{done}++;
    if ($ENV{SYS_VIRT_NO_REFERENCE}) {
        $REF{why} = 'SYS_VIRT_NO_REFERENCE is set: no comparison with the reference Sys::Virt';
        return;
    }
    my $pid = open(my $fh, '-|');
    if (!defined $pid) {
        $REF{why} = "cannot fork to look for the reference Sys::Virt: $!";
        return;
    }
    if (!$pid) {
        delete @ENV{qw(PERL5LIB PERLLIB PERL5OPT)};
        chdir '/' or die "chdir /: $!";
        open STDERR, '>&', \*STDOUT or die "dup: $!";
        my $code = 'if (eval { require Sys::Virt; 1 }) { print "FOUND\t$INC{q{Sys/Virt.pm}}\t"'
            . ' . ($Sys::Virt::VERSION // q{}) . "\n" } else { print "FAILED\t$@" }';
        exec { $^X } $^X, '-e', $code or die "exec $^X: $!";
    }
    my $out = do { local $/; <$fh> } // '';
    close $fh;
    my $status = $?;
    if ($out =~ /\AFOUND\t(.*?)\t(.*)\n\z/) {
        my ($pm, $version) = ($1, $2);
        (my $dir = $pm) =~ s{/Sys/Virt\.pm\z}{};
        my $tree = _tree_root();
        my $real = _realpath($dir);
        if ($dir eq $pm || !File::Spec->file_name_is_absolute($dir)) {
            $REF{why} = "the Sys::Virt that $^X loads is at an unexpected place: $pm";
        } elsif (defined $tree && defined $real && index("$real/", "$tree/") == 0) {
            $REF{why} = "the Sys::Virt that $^X loads is this tree's own ($pm), not the reference";
        } elsif (_same_file_content($pm, File::Spec->catfile($tree // '', 'lib', 'Sys', 'Virt.pm'))) {
            $REF{why} = "the Sys::Virt that $^X loads ($pm) is this distribution, installed"
                . ' (its Sys/Virt.pm is lib/Sys/Virt.pm), not the XS reference';
        } else {
            @REF{qw(dir version)} = ($dir, $version);
        }
    } else {
        (my $msg = $out) =~ s/\AFAILED\t//;
        $msg =~ s/\s+/ /g;
        $msg =~ s/ \(\@INC (?:contains|entries checked): .*?\)//;
        $msg = "exit status " . ($status >> 8) if $msg !~ /\S/;
        $REF{why} = "reference Sys::Virt (libsys-virt-perl) not installed: $^X -e 'require"
            . " Sys::Virt' (PERL5LIB, PERLLIB and PERL5OPT unset) failed: $msg";
    }
}

sub _same_file_content {
    my ($x, $y) = @_;
    my @text;
    for my $f ($x, $y) {
        open my $fh, '<', $f or return 0;
        local $/;
        push @text, scalar <$fh>;
    }
    return $text[0] eq $text[1];
}

sub _realpath {
    require Cwd;
    return Cwd::realpath($_[0]);
}

# This tree (the parent of t/), as a real path.
sub _tree_root {
    my $here = File::Spec->rel2abs(__FILE__);
    my $root = File::Spec->catdir((File::Spec->splitpath($here))[1], File::Spec->updir,
                                  File::Spec->updir);
    return _realpath($root);
}

sub REFDIR () { _find_reference(); return $REF{dir} }
sub reference_missing () { _find_reference(); return $REF{why} }
sub reference_version () { _find_reference(); return $REF{version} }

# Why a test that needs the reference cannot run: undef when it is there, with each of
# @files (paths under REFDIR, e.g. 'Sys/Virt/Network.pm'); else the reason, for a skip.
sub reference_skip_reason {
    my (@files) = @_;
    my $why = reference_missing();
    return $why if defined $why;
    for my $f (@files) {
        return 'the reference Sys::Virt ' . (reference_version() // '') . ' (' . REFDIR
            . ") has no $f" unless -f REFDIR . "/$f";
    }
    return undef;
}

my $OUR_API;
sub our_api_version () {
    return $OUR_API if defined $OUR_API;
    require ExtUtils::MakeMaker;
    my $pm = File::Spec->catfile(_tree_root(), 'lib', 'Sys', 'Virt.pm');
    $OUR_API = MM->parse_version($pm);
    die "cannot read \$VERSION from $pm" unless defined $OUR_API && $OUR_API =~ /\A\d+\.\d+\.\d+\z/;
    return $OUR_API;
}

sub reference_is_older () {
    my $v = reference_version();
    return 0 unless defined $v && $v =~ /\A\d+(?:\.\d+)*\z/;
    require version;
    return version->parse($v) < version->parse(our_api_version()) ? 1 : 0;
}

my $DIR;

# A node XML with one running domain "test" (as in test:///default: 8 GiB, 2 GiB current,
# 2 vCPUs, disk vda; extra_disk => 1 adds vdb), written to a temporary directory; returns
# its test:///PATH URI (host_objects => 1 adds an interface and node devices). Each
# connection to it starts from this state.
sub private_uri {
    my (%opt) = @_;
    $DIR //= tempdir('sys-virt-t-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $name = $opt{extra_disk} ? 'node-2disks.xml' : $opt{host_objects} ? 'node-host.xml' : 'node.xml';
    my $file = "$DIR/$name";
    my $vdb = $opt{extra_disk} ? <<'X' : '';
      <disk type='file' device='disk'>
        <source file='/guest/diskimage2'/>
        <target dev='vdb' bus='virtio'/>
      </disk>
X
    # With host_objects: an interface and node devices like test:///default's (a private
    # file has none of its own).
    my $host = $opt{host_objects} ? <<'X' : '';
  <interface type='ethernet' name='eth1'>
    <start mode='onboot'/>
    <mac address='aa:bb:cc:dd:ee:ff'/>
  </interface>
  <device>
    <name>computer</name>
    <capability type='system'><hardware><vendor>Sys::Virt</vendor><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid></hardware></capability>
  </device>
  <device>
    <name>scsi_host1</name>
    <parent>computer</parent>
    <capability type='scsi_host'><host>1</host><unique_id>0</unique_id>
      <capability type='fc_host'><wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn>
        <fabric_wwn>2000000043214321</fabric_wwn></capability>
      <capability type='vport_ops'><max_vports>0</max_vports><vports>0</vports></capability>
    </capability>
  </device>
  <device>
    <name>scsi_host2</name>
    <parent>computer</parent>
    <capability type='scsi_host'><host>2</host><unique_id>1</unique_id></capability>
  </device>
  <device>
    <name>scsi_host11</name>
    <parent>scsi_host1</parent>
    <capability type='scsi_host'><host>11</host><unique_id>10</unique_id>
      <capability type='fc_host'><wwnn>2000000034563456</wwnn><wwpn>1000000034563456</wwpn>
        <fabric_wwn>2000000043214321</fabric_wwn></capability>
    </capability>
  </device>
X
    my $uuid = TEST_UUID;
    open my $fh, '>', $file or die "$file: $!";
    print $fh <<"X";
<node>
  <domain type='test'>
    <name>test</name>
    <uuid>$uuid</uuid>
    <memory>8388608</memory>
    <currentMemory>2097152</currentMemory>
    <vcpu>2</vcpu>
    <os><type arch='i686'>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <source file='/guest/diskimage1'/>
        <target dev='vda' bus='virtio'/>
      </disk>
$vdb    </devices>
  </domain>
$host</node>
X
    close $fh or die "$file: $!";
    return "test://$file";
}

# Runs $code; returns (the warnings it gave, its result list).
sub warnings_of(&) {
    my $code = shift;
    my @w;
    local $SIG{__WARN__} = sub { push @w, $_[0] };
    my @r = $code->();
    return (\@w, @r);
}

# Passes if $code dies with a Sys::Virt::Error of this code and domain (and, given a
# pattern, a message matching it); returns the error.
sub virt_error_ok {
    my ($code, $errcode, $errdomain, $name, $msg_re) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my $ok = eval { $code->(); 1 };
    my $err = $@;
    if ($ok) {
        Test::More::fail("$name: should have died");
        return;
    }
    if (!(blessed($err) && $err->isa('Sys::Virt::Error'))) {
        Test::More::fail("$name: should die with a Sys::Virt::Error");
        Test::More::diag("got: $err");
        return;
    }
    Test::More::is("$err->{code}/$err->{domain}", "$errcode/$errdomain",
                   "$name: error $errcode/$errdomain");
    Test::More::like($err->{message}, $msg_re, "$name: message") if $msg_re;
    return $err;
}

# Passes if $code dies with perl's "Usage: $usage" at the calling test file's line.
sub usage_ok {
    my ($code, $usage, $name) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my $file = (caller)[1];
    eval { $code->() };
    Test::More::like($@, qr/^Usage: \Q$usage\E at \Q$file\E line \d+\.\n\z/,
                     "$name: Usage message");
}


# What the reference does with a piece of code, for assertions about what libvirt or perl
# say, which change with their versions (libvirt 11's XML parse errors, perl 5.40's
# uninitialized-value warnings): ours must say the same as the reference on the same
# machine. $code (a string, run with `use Sys::Virt` in a reference child, @ARGV = @args)
# is evaluated with its warnings caught. Returns undef when the reference is absent, else
# { died => 0|1, error => 1 if it died with a Sys::Virt::Error, code, domain, message,
#   string => what it died with, stringified, warnings => [...] }, the warnings and a
# non-object death without their " at FILE line N." ending.
sub reference_outcome {
    my ($code, @args) = @_;
    return undef unless defined REFDIR;
    my $script = <<'PERL' . "sub run {\n$code\n}\n" . <<'PERL2';
use strict; use warnings; use Sys::Virt;
my @w;
$SIG{__WARN__} = sub { push @w, $_[0] };
sub esc { my $v = shift; return '-' unless defined $v; $v =~ s/\\/\\\\/g; $v =~ s/\n/\\n/g; $v =~ s/\t/\\t/g; "=$v" }
PERL
my $ok = eval { run(@ARGV); 1 };
my $e = $@;
delete $SIG{__WARN__};
print "DIED\t", ($ok ? 0 : 1), "\n";
if (!$ok) {
    if (ref $e && eval { $e->isa('Sys::Virt::Error') }) {
        print "ERROR\t1\n";
        print "CODE\t", esc($e->{code}), "\nDOMAIN\t", esc($e->{domain}), "\nMESSAGE\t", esc($e->{message}), "\n";
    }
    print "STRING\t", esc("$e"), "\n";
}
print "WARN\t", esc($_), "\n" for @w;
PERL2
    my $file = File::Spec->catfile(File::Spec->tmpdir, "sys-virt-outcome-$$.pl");
    open my $fh, '>', $file or die "$file: $!";
    print $fh $script;
    close $fh or die "$file: $!";
    my (undef, $out, $err, $status) = run_perl('reference', $file, @args);
    unlink $file;
    die "the reference's run of {$code} failed (status $status): @$err\n" if $status || @$err;
    my $unesc = sub {
        my $v = shift;
        return undef if $v eq '-';
        $v =~ s/\A=//;
        $v =~ s/\\(.)/$1 eq 'n' ? "\n" : $1 eq 't' ? "\t" : $1/ge;
        return $v;
    };
    my $strip = sub { my $v = shift; $v =~ s/ at \S+ line \d+\.\n\z//; $v };
    my %r = (died => 0, warnings => []);
    for (@$out) {
        my ($k, $v) = split /\t/, $_, 2;
        if ($k eq 'DIED' || $k eq 'ERROR') { $r{lc $k} = $v }
        elsif ($k eq 'WARN') { push @{ $r{warnings} }, $strip->($unesc->($v)) }
        elsif ($k eq 'STRING') { my $s = $unesc->($v); $r{string} = $r{error} ? $s : $strip->($s) }
        else { $r{lc $k} = $unesc->($v) }
    }
    return \%r;
}

# The pattern an assertion expects: with the reference installed, exactly what it gave
# (\Q...\E of the string $from_ref->($outcome), anchored); without it, $fallback->(), a
# pattern chosen by the installed libvirt's or perl's version.
sub expect_as_reference {
    my ($outcome, $from_ref, $fallback) = @_;
    return $fallback->() unless $outcome;
    my $want = $from_ref->($outcome);
    return defined $want ? qr/\A\Q$want\E\z/ : qr/(?!)/;
}

# Which form of libvirt's XML errors the loaded libvirt gives, for assertions made without
# the reference: 'old' up to 9.0.0 (a string's parse error names its URL,
# "(domain_definition):1: ...", and a missing test-driver file is an XML error, 27/12), 'new'
# from 11.3.0 (libvirt reads the file itself: "at line 1: ...", and 38/0, a system error),
# as seen with 9.0.0, 11.3.0 and 12.8.0; undef in between, where the release that changed it
# is not pinned here (such an assertion takes either form).
sub xml_error_style {
    require Sys::Virt;
    my $v = Sys::Virt->new(uri => 'test:///default')->get_library_version;
    return $v <= 9_000_000 ? 'old' : $v >= 11_003_000 ? 'new' : undef;
}

# The message of the Sys::Virt::Error that $code (a string for reference_outcome, with
# @args) dies with: the reference's, exactly; without the reference, $old or $new by
# xml_error_style (either where that is undef).
sub libvirt_message_re {
    my ($code, $old, $new, @args) = @_;
    return expect_as_reference(reference_outcome($code, @args),
                               sub { $_[0]{error} ? $_[0]{message} : undef },
                               sub { my $s = xml_error_style();
                                     !defined $s ? qr/$old|$new/ : $s eq 'old' ? $old : $new });
}

# The message of define_domain('<domain') (t/10, t/20, t/30), anchored; with a true
# argument, as the Sys::Virt::Error stringifies: "libvirt error code: 35, message: ...\n".
sub malformed_domain_message {
    my ($stringified) = @_;
    my $code = q{Sys::Virt->new(uri => 'test:///default')->define_domain('<domain')};
    my @forms = (qr/\(domain_definition\):1: Couldn't find end of Start Tag domain line 1\n<domain\n-------\^/,
                 qr/at line 1: Couldn't find end of Start Tag domain line 1\n<domain\n-------\^/);
    return libvirt_message_re($code, map { qr/\A$_\z/ } @forms) unless $stringified;
    return expect_as_reference(reference_outcome($code), sub { $_[0]{string} }, sub {
        my $s = xml_error_style();
        my $m = !defined $s ? qr/$forms[0]|$forms[1]/ : $s eq 'old' ? $forms[0] : $forms[1];
        qr/\Alibvirt error code: 35, message: (?:$m)\n\z/ });
}

# Why the libvirt daemons that answer here cannot serve this test: when it runs in a chroot
# (a Debian root of tools/debian-root.sh), a daemon reached over TCP runs outside it and
# cannot open the files the test makes (a test-driver node file under the root's /tmp).
# Undef when this is the machine's own root, or when that cannot be told (/proc/1/root
# unreadable).
sub outside_daemon_reason {
    my @root = stat '/';
    my @init = stat '/proc/1/root/';
    return undef unless @root && @init;
    return undef if $root[0] == $init[0] && $root[1] == $init[1];
    return 'running in a chroot (a Debian root?): the libvirt daemons reachable from here run'
        . ' outside it and cannot read its files';
}

# Runs a perl script in a child with one of the two modules: 'reference' (PERL5LIB, PERLLIB
# and PERL5OPT unset, only the reference's directory added, so that neither blib nor
# anything of the harness is seen) or anything else (ours: the current @INC, blib first
# under `prove -b`). Returns (the Sys/Virt.pm the child reports it loaded, [stdout lines],
# [its other stderr lines], exit status).
sub run_perl {
    my ($which, $script, @args) = @_;
    my @inc = $which eq 'reference' ? (REFDIR // die "run_perl: no reference Sys::Virt\n")
                                    : grep { !ref($_) } @INC;
    my $err = File::Spec->catfile(File::Spec->tmpdir, "sys-virt-run-$$-$which.err");
    my @cmd = ($^X, (map { "-I$_" } @inc), $script, @args);
    my $pid = open(my $fh, '-|');
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        delete @ENV{qw(PERL5LIB PERLLIB PERL5OPT)} if $which eq 'reference';
        open STDERR, '>', $err or die "$err: $!";
        exec { $cmd[0] } @cmd or die "exec $cmd[0]: $!";
    }
    my @out = <$fh>;
    close $fh;
    my $status = $?;
    open my $eh, '<', $err or die "$err: $!";
    my @err = <$eh>;
    close $eh;
    unlink $err;
    chomp(@out, @err);
    my ($where) = map { /\ASys\/Virt\.pm: (.*)\z/ ? $1 : () } @err;
    return ($where, \@out, [grep { !/\ASys\/Virt\.pm: / } @err], $status);
}

1;
