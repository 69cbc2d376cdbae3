package ApiCoverage;
# Helpers for t/03-api-coverage.t: how much of the reference Sys::Virt's Perl interface and
# of libvirt's C API this distribution covers.
#
#  - dump_symbols() runs in a child perl (once with the reference module, once with ours)
#    and prints every sub of every Sys::Virt package; read_symbols() starts that child and
#    parses what it prints;
#  - libvirt_functions(), function_group(), rust_identifiers() and read_unbound() read
#    libvirt's API description, sort its functions into Perl classes, find the names our
#    Rust sources use and read t/lib/api-unbound.txt.
#
# This file loads nothing but core modules, so that it can be put on the reference child's
# @INC without bringing anything of ours along.

use strict;
use warnings;
use File::Find ();
use File::Spec;

# ---------------------------------------------------------------------------------------
# Child side: the symbol dump.
#
# Loads Sys::Virt, then every Sys/Virt/*.pm next to the Sys/Virt.pm that was loaded (so the
# reference's Event.pm is seen although Sys::Virt does not load it), and prints, one per
# line, tab-separated:
#
#   WHERE   path of the Sys/Virt.pm loaded
#   SUB     package  name  prototype          a sub that is not a constant
#   CONST   package  name  value              a constant sub (newCONSTSUB: prototype
#                                             '' and CvCONST), with the value it returns
#   ISA     package  parent,parent...         a package's @ISA, when not empty
#   ERROR   text                              something could not be loaded
#
# A prototype or value is "-" when undefined, otherwise "=" followed by the text with
# backslash, tab, newline and other control or non-ASCII characters escaped.
# Only the package's own subs are printed: a sub whose CV belongs to another stash (an
# import, or overload's "((" entry) is not the package's interface. Names beginning with
# "(" are overload's method table, not methods, and are skipped as well.

sub _escape {
    my ($v) = @_;
    return '-' unless defined $v;
    $v =~ s/\\/\\\\/g;
    $v =~ s/\n/\\n/g;
    $v =~ s/\t/\\t/g;
    $v =~ s/([\x00-\x1f\x7f-\xff])/sprintf('\\x%02X', ord $1)/ge;
    $v =~ s/([^\x00-\xff])/sprintf('\\x{%X}', ord $1)/ge;
    return "=$v";
}

sub _unescape {
    my ($v) = @_;
    return undef if $v eq '-';
    $v =~ s/\A=// or die "bad field in symbol dump: $v\n";
    $v =~ s/\\(?:x\{([0-9A-F]+)\}|x([0-9A-F]{2})|(.))/
        defined $1 ? chr(hex $1) : defined $2 ? chr(hex $2)
        : $3 eq 'n' ? "\n" : $3 eq 't' ? "\t" : $3/ge;
    return $v;
}

sub dump_symbols {
    require B;
    binmode STDOUT;
    local $| = 1;
    unless (eval { require Sys::Virt; 1 }) {
        (my $e = $@) =~ s/\s+/ /g;
        print "ERROR\trequire Sys::Virt: $e\n";
        return;
    }
    print "WHERE\t$INC{'Sys/Virt.pm'}\n";

    (my $dir = $INC{'Sys/Virt.pm'}) =~ s/\.pm\z//;
    for my $file (sort glob("$dir/*.pm")) {
        my ($base) = $file =~ m{([^/]+)\.pm\z};
        next if $INC{"Sys/Virt/$base.pm"};
        next if eval { require "Sys/Virt/$base.pm"; 1 };
        (my $e = $@) =~ s/\s+/ /g;
        print "ERROR\trequire Sys/Virt/$base.pm: $e\n";
    }

    no strict 'refs';
    my @todo = ('Sys::Virt');
    while (defined(my $pkg = shift @todo)) {
        my $stash = \%{"${pkg}::"};
        my @isa = @{"${pkg}::ISA"};
        print join("\t", 'ISA', $pkg, join(',', @isa)), "\n" if @isa;
        for my $name (sort keys %$stash) {
            if ($name =~ /\A(\w+)::\z/) {
                push @todo, "${pkg}::$1";
                next;
            }
            next if $name =~ /\A\(/;
            next unless defined &{"${pkg}::$name"};
            my $code = \&{"${pkg}::$name"};
            my $cv = B::svref_2object($code);
            my $gv = $cv->GV;
            next unless $gv->isa('B::GV') && $gv->STASH->NAME eq $pkg;
            my $proto = prototype($code);
            # Only a real constant sub is called: an XSUB without arguments has prototype
            # '' too (Sys::Virt::Event::run_default, which would run the event loop).
            if (defined $proto && $proto eq '' && ($cv->CvFLAGS & B::CVf_CONST())) {
                my @v = $code->();
                my $v = @v == 1 ? $v[0] : join(',', map { defined $_ ? $_ : 'undef' } @v);
                print join("\t", 'CONST', $pkg, $name, _escape($v)), "\n";
            } else {
                print join("\t", 'SUB', $pkg, $name, _escape($proto)), "\n";
            }
        }
    }
}

# ---------------------------------------------------------------------------------------
# Parent side.

# Runs dump_symbols in a child perl. $which is 'reference' (PERL5LIB, PERLLIB and PERL5OPT
# are removed from its environment) or 'ours'; @perl_args are the child's -I options.
# Returns { where => PATH, errors => [...], status => $?,
#           pkgs => { PKG => { NAME => { const => 0|1, proto => P, value => V } } },
#           isa => { PKG => [PARENT, ...] } }.
sub read_symbols {
    my ($which, @perl_args) = @_;
    my ($libdir) = __FILE__ =~ m{\A(.*)/[^/]+\z} ? ($1) : ('.');
    $libdir = File::Spec->rel2abs($libdir);
    my @cmd = ($^X, @perl_args, "-I$libdir", '-MApiCoverage', '-e', 'ApiCoverage::dump_symbols()');
    my $pid = open(my $fh, '-|');
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        delete @ENV{qw(PERL5LIB PERLLIB PERL5OPT)} if $which eq 'reference';
        open STDERR, '>&', \*STDOUT or die "dup: $!";
        exec { $cmd[0] } @cmd or die "exec $cmd[0]: $!";
    }
    my %r = (where => undef, errors => [], pkgs => {}, isa => {});
    while (my $line = <$fh>) {
        chomp $line;
        my @f = split /\t/, $line, -1;
        if ($f[0] eq 'WHERE' && @f == 2) {
            $r{where} = $f[1];
        } elsif ($f[0] eq 'SUB' && @f == 4) {
            $r{pkgs}{$f[1]}{$f[2]} = { const => 0, proto => _unescape($f[3]) };
        } elsif ($f[0] eq 'CONST' && @f == 4) {
            $r{pkgs}{$f[1]}{$f[2]} = { const => 1, proto => '', value => _unescape($f[3]) };
        } elsif ($f[0] eq 'ISA' && @f == 3) {
            $r{isa}{$f[1]} = [split /,/, $f[2]];
        } elsif ($f[0] eq 'ERROR') {
            push @{ $r{errors} }, $f[1] // '';
        } else {
            push @{ $r{errors} }, "unexpected output: $line";
        }
    }
    close $fh;
    $r{status} = $?;
    return \%r;
}

# The package from which $pkg inherits the method $name in a symbol dump (read_symbols),
# searching its @ISA depth first as perl does; undef when no ancestor defines it.
sub inherited_from {
    my ($syms, $pkg, $name, $seen) = @_;
    $seen //= {};
    for my $parent (@{ $syms->{isa}{$pkg} // [] }) {
        next if $seen->{$parent}++;
        my $s = $syms->{pkgs}{$parent}{$name};
        return $parent if $s && !$s->{const};
        my $from = inherited_from($syms, $parent, $name, $seen);
        return $from if defined $from;
    }
    return undef;
}

# The packages the distribution ships: Sys::Virt and one per lib/Sys/Virt/*.pm in $root.
sub shipped_packages {
    my ($root) = @_;
    return ('Sys::Virt',
            map { m{([^/]+)\.pm\z} ? "Sys::Virt::$1" : () } sort glob("$root/lib/Sys/Virt/*.pm"));
}

# The names of the <function> elements of libvirt-api.xml (not <functype>, the callback
# types), each with the header file it comes from: returns { NAME => FILE }; in list
# context also { NAME => the libvirt version that added it (its version attribute) }.
sub libvirt_functions {
    my ($xml) = @_;
    open my $fh, '<', $xml or die "$xml: $!";
    my (%f, %since);
    while (my $line = <$fh>) {
        next unless $line =~ /<function\s+name='(vir\w+)'([^>]*)>/;
        my ($name, $attrs) = ($1, $2);
        $f{$name} = $attrs =~ /\bfile='([^']*)'/ ? $1 : '';
        $since{$name} = $1 if $attrs =~ /\bversion='([^']*)'/;
    }
    close $fh;
    return wantarray ? (\%f, \%since) : \%f;
}

# Compares two dotted versions ("9.0.0", "12.10.0") as numbers: -1, 0 or 1.
sub version_cmp {
    my @a = split /\./, $_[0];
    my @b = split /\./, $_[1];
    while (@a || @b) {
        my $c = (shift(@a) // 0) <=> (shift(@b) // 0);
        return $c if $c;
    }
    return 0;
}

# The version of the installed libvirt, whose libvirt-api.xml is read: pkg-config's
# (libvirt.pc comes with the XML, in libvirt-dev); failing that, the newest version
# attribute of the XML's functions ($since, from libvirt_functions), which is no newer than
# the libvirt itself. Returns (version, where it was read).
sub installed_libvirt {
    my ($since) = @_;
    my $v = `pkg-config --modversion libvirt 2>/dev/null`;
    chomp $v if defined $v;
    return ($v, 'pkg-config --modversion libvirt') if $? == 0 && defined $v && $v =~ /\A\d+(?:\.\d+)+\z/;
    my ($max) = sort { version_cmp($b, $a) } grep { /\A\d+(?:\.\d+)+\z/ } values %$since;
    return ($max, 'the newest function in libvirt-api.xml');
}

# The "since X.Y.Z" marker of an entry of t/lib/api-unbound.txt: the libvirt release that
# added the function, written at the start of the reason ("virFoo  since 12.9.0; reason").
# Returns the version, or undef when the entry has none.
sub since_marker {
    my ($reason) = @_;
    return $reason =~ /\Asince (\d+\.\d+\.\d+)\b/ ? $1 : undef;
}

# The entries of api-unbound.txt ($unbound: NAME => reason) checked against the installed
# libvirt-api.xml ($funcs: NAME => FILE, $since: NAME => version) of libvirt $installed.
# A listed function must be in the XML, unless its entry has a "since" marker newer than
# the installed libvirt (the list serves every libvirt from 9.0 on: a function of a newer
# libvirt is not in an older one's XML). A marker on a function the XML has must agree with
# the XML's version. Returns (\@problems, \@newer): what is wrong, one line each, and the
# entries allowed as newer than the installed libvirt ("NAME (since X)").
sub check_unbound_versions {
    my ($unbound, $funcs, $since, $installed) = @_;
    my (@problems, @newer);
    for my $name (sort keys %$unbound) {
        my $marker = since_marker($unbound->{$name});
        if (exists $funcs->{$name}) {
            push @problems, "$name: listed as since $marker, but libvirt-api.xml says since "
                . ($since->{$name} // 'nothing')
                if defined $marker && version_cmp($marker, $since->{$name} // '0') != 0;
        } elsif (!defined $marker) {
            push @problems, "$name: not in libvirt-api.xml, and the entry does not say which"
                . ' libvirt added it ("since X.Y.Z" first in the reason); remove it, or mark it';
        } elsif (!defined $installed) {
            push @problems, "$name: not in libvirt-api.xml, and the installed libvirt's version is unknown";
        } elsif (version_cmp($marker, $installed) <= 0) {
            push @problems, "$name: listed as since $marker, but the installed libvirt $installed"
                . ' does not have it in libvirt-api.xml';
        } else {
            push @newer, "$name (since $marker)";
        }
    }
    return (\@problems, \@newer);
}

# Object kinds that a connection (virConnect...) or a domain (virDomain...) function can
# be about, with their Perl class; NWFilterBinding before NWFilter, the longer name first.
my @CONNECT_KINDS = (
    [NetworkPort     => 'Sys::Virt::NetworkPort'],
    [Network         => 'Sys::Virt::Network'],
    [StoragePool     => 'Sys::Virt::StoragePool'],
    [StorageVol      => 'Sys::Virt::StorageVol'],
    [NodeDevice      => 'Sys::Virt::NodeDevice'],
    [Interface       => 'Sys::Virt::Interface'],
    [Secret          => 'Sys::Virt::Secret'],
    [NWFilterBinding => 'Sys::Virt::NWFilterBinding'],
    [NWFilter        => 'Sys::Virt::NWFilter'],
);
my @DOMAIN_KINDS = (
    [Checkpoint => 'Sys::Virt::DomainCheckpoint'],
    [Snapshot   => 'Sys::Virt::DomainSnapshot'],
);
# Functions of an object class itself, by prefix, longest first where prefixes overlap.
my @OWN_PREFIX = (
    [virNetworkPort      => 'Sys::Virt::NetworkPort'],
    [virNetwork          => 'Sys::Virt::Network'],
    [virDomainCheckpoint => 'Sys::Virt::DomainCheckpoint'],
    [virDomainSnapshot   => 'Sys::Virt::DomainSnapshot'],
    [virDomain           => 'Sys::Virt::Domain'],
    [virStoragePool      => 'Sys::Virt::StoragePool'],
    [virStorageVol       => 'Sys::Virt::StorageVol'],
    [virNodeDevice       => 'Sys::Virt::NodeDevice'],
    [virInterface        => 'Sys::Virt::Interface'],
    [virSecret           => 'Sys::Virt::Secret'],
    [virNWFilterBinding  => 'Sys::Virt::NWFilterBinding'],
    [virNWFilter         => 'Sys::Virt::NWFilter'],
    [virStream           => 'Sys::Virt::Stream'],
    [virEvent            => 'Sys::Virt::Event'],
    [virTypedParam       => '(typed parameter helpers)'],
);

# Sorts one libvirt function into a class. Returns (OWNER, GROUP): OWNER is the Perl class
# whose method calls it; GROUP is the class it is checked with. They differ for functions
# of the connection or of a domain that are about another kind of object:
# virConnectListAllNetworks is a method of Sys::Virt but counts with Sys::Virt::Network,
# virDomainListAllCheckpoints one of Sys::Virt::Domain counted with DomainCheckpoint.
# Event registration on the connection (virConnectNetworkEventRegisterAny, ...) is left
# with Sys::Virt, where the event methods live.
sub function_group {
    my ($name, $file) = @_;
    return ('Sys::Virt::Error') x 2 if ($file // '') eq 'virterror';
    if ($name =~ /\AvirConnect(\w*)\z/) {
        my $rest = $1;
        return ('Sys::Virt') x 2 if $rest =~ /Event/;
        for my $k (@CONNECT_KINDS) {
            return ('Sys::Virt', $k->[1]) if $rest =~ /$k->[0]/;
        }
        return ('Sys::Virt') x 2;
    }
    for my $p (@OWN_PREFIX) {
        next unless index($name, $p->[0]) == 0;
        if ($p->[0] eq 'virDomain') {
            for my $k (@DOMAIN_KINDS) {
                return ('Sys::Virt::Domain', $k->[1]) if $name =~ /$k->[0]/;
            }
        }
        return ($p->[1]) x 2;
    }
    return ('Sys::Virt') x 2;    # library, host and node functions
}

# The vir... identifiers used in the Rust sources under $dir, comments and string literals
# left out (a function named only in a comment or a message is not bound). Returns a set.
# Files whose path matches $skip (optional) are left out too.
sub rust_identifiers {
    my ($dir, $skip) = @_;
    my @files;
    File::Find::find({ no_chdir => 1,
                       wanted => sub { push @files, $_ if /\.rs\z/ && -f $_
                                                          && !(defined $skip && $_ =~ $skip) } }, $dir);
    my %seen;
    for my $file (sort @files) {
        open my $fh, '<', $file or die "$file: $!";
        my $src = do { local $/; <$fh> };
        close $fh;
        # One pass from left to right, so that "//" inside a string or a quote inside a
        # comment is taken for what it is. Char literals are matched so that '"' does not
        # open a string; a lifetime ('a) never has a closing quote right after one char.
        $src =~ s{
              //[^\n]*                          # line comment (also /// and //!)
            | /\*.*?\*/                         # block comment
            | b?r(\#*)".*?"\1                   # raw string
            | b?"(?:\\.|[^"\\])*"               # string
            | b?'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|[^'\\])'   # char literal
        }{ }gsx;
        $seen{$1} = 1 while $src =~ /\b(vir[A-Z]\w*)\b/g;
    }
    return \%seen;
}

# Reads the list of functions deliberately not bound: "virName  reason" per line (the
# reason may start with a "since X.Y.Z" marker, see check_unbound_versions); blank lines and
# lines starting with # are ignored. Returns (\%reason_by_name, \@problems).
sub read_unbound {
    my ($file) = @_;
    open my $fh, '<', $file or die "$file: $!";
    my (%entry, @problems);
    while (my $line = <$fh>) {
        chomp $line;
        next if $line =~ /\A\s*(?:#|\z)/;
        if ($line !~ /\A(vir\w+)\s+(\S.*?)\s*\z/) {
            push @problems, "line $.: not \"virName  reason\": $line";
        } elsif (exists $entry{$1}) {
            push @problems, "line $.: $1 listed twice";
        } else {
            $entry{$1} = $2;
        }
    }
    close $fh;
    return (\%entry, \@problems);
}

1;
