#!/usr/bin/perl
# Compare our constant tables with the constants of a reference Sys::Virt
# (the XS module), in every package.
#
#   perl tools/check-constants.pl [--root DIR] [--subset] [--ours gen|built]
#
# The reference is the Sys::Virt that `perl` finds in the Debian root DIR
# (run with chroot, so this needs root), or with no --root the one the
# host's perl finds with PERL5LIB/PERL5OPT unset.  Every package under
# Sys::Virt:: that it loads (Sys::Virt::* modules next to Sys/Virt.pm are
# all required) is walked, and each constant sub (CvCONST with prototype "")
# is taken: name, value and kind of scalar (string, integer, unsigned 64-bit
# integer).  CvCONST subs with another prototype (our DESTROY methods, see
# perlxs) are not called but counted in a note.
#
# Ours is, with --ours gen (the default), what tools/gen-constants.pl
# derives (--list-all), compared on names and values; with
# --ours built, the module in ./blib (perl -Mblib, so run `make` first), by
# the same walk, compared on names, values and kinds.
#
# By default the two must be equal: the same packages with constants, the
# same names, the same values.  With --subset, ours may have more (for a
# reference older than the Sys::Virt our tables follow): every reference
# constant must be ours, with the same value.
#
# Exit status 0 when they agree, 1 when not, 2 on usage or run errors.
#
#   perl tools/check-constants.pl --root /var/tmp/roots/probe-unstable          # 12.7.0: equal
#   perl tools/check-constants.pl --root /var/tmp/roots/probe-trixie --subset   # 11.1.0
#   perl tools/check-constants.pl --ours built --subset                         # the host's 9.0.0

use strict;
use warnings;
use Getopt::Long;
use File::Spec;

my ($root, $subset, $ours) = (undef, 0, 'gen');
GetOptions('root=s' => \$root, 'subset' => \$subset, 'ours=s' => \$ours)
    && $ours =~ /\A(?:gen|built)\z/ && !@ARGV
    or die "usage: $0 [--root DIR] [--subset] [--ours gen|built]\n";

my ($vol, $dir) = File::Spec->splitpath(File::Spec->rel2abs($0));
my $TOOLS = File::Spec->catpath($vol, $dir, '');
my $ROOT  = File::Spec->catdir($TOOLS, File::Spec->updir);
my $GEN   = File::Spec->catfile($TOOLS, 'gen-constants.pl');

# The walk, run by the perl being examined (fed on stdin).  Prints
#   "# Sys/Virt.pm: PATH", "# version: VERSION",
#   "C PACKAGE NAME KIND VALUE" per constant (KIND Str, Int or Uint) and
#   "E MESSAGE" for a constant sub with a prototype other than "".
# Values are escaped as tools/dump-constants.pl does.
my $WALK = <<'EOW';
use strict;
use warnings;
use B ();
use File::Basename qw(dirname);
require Sys::Virt;
my $pmdir = dirname($INC{'Sys/Virt.pm'}) . '/Virt';
for my $pm (glob "$pmdir/*.pm") {
    (my $mod = substr($pm, length($pmdir) + 1)) =~ s/\.pm\z//;
    eval { require "Sys/Virt/$mod.pm"; 1 } or print "E cannot load Sys::Virt::$mod: $@";
}
print "# Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n";
print "# version: $Sys::Virt::VERSION\n";
sub escape {
    my ($v) = @_;
    return 'undef' unless defined $v;
    $v =~ s/\\/\\\\/g;
    $v =~ s/\n/\\n/g;
    $v =~ s/\t/\\t/g;
    $v =~ s/([\x00-\x1f\x7f-\xff])/sprintf('\\x%02X', ord $1)/ge;
    $v =~ s/([^\x00-\xff])/sprintf('\\x{%X}', ord $1)/ge;
    return $v;
}
sub walk {
    my ($pkg) = @_;
    no strict 'refs';
    my $stash = \%{"${pkg}::"};
    for my $k (sort keys %$stash) {
        if ($k =~ /\A(\w+)::\z/) {
            walk("${pkg}::$1");
            next;
        }
        next if ref \$stash->{$k} ne 'GLOB';
        my $cv = *{ $stash->{$k} }{CODE} or next;
        next unless B::svref_2object($cv)->CvFLAGS & B::CVf_CONST();
        my $proto = prototype($cv);
        unless (defined $proto && $proto eq '') {
            # not a constant: our DESTROY methods are flagged CvCONST so that
            # perl's destructor call skips them; not called
            print "N ${pkg}::$k is CvCONST with prototype ", (defined $proto ? "'$proto'" : 'none'),
                ": not a constant\n";
            next;
        }
        my @v = $cv->();
        if (@v != 1) {
            print "E ${pkg}::$k returns ", scalar(@v), " values\n";
            next;
        }
        my $f = B::svref_2object(\$v[0])->FLAGS;
        my $kind = $f & B::SVf_IOK() ? ($f & B::SVf_IVisUV() ? 'Uint' : 'Int')
                 : $f & B::SVf_POK() ? 'Str' : 'Other';
        print "C $pkg $k $kind ", escape($v[0]), "\n";
    }
}
walk('Sys::Virt');
EOW

# Run a command with $WALK on stdin; returns { pm, version, const => { PKG => { NAME => [KIND, VALUE] } } }.
sub run_walk {
    my ($what, @cmd) = @_;
    my $tmp = File::Spec->catfile(File::Spec->tmpdir, "check-constants-$$.pl");
    open my $t, '>', $tmp or die "$0: $tmp: $!\n";
    print {$t} $WALK;
    close $t;
    my $pid = open my $fh, '-|';
    die "$0: fork: $!\n" unless defined $pid;
    if (!$pid) {
        delete @ENV{qw(PERL5LIB PERLLIB PERL5OPT)};
        open STDIN, '<', $tmp or die "$0: $tmp: $!\n";
        exec { $cmd[0] } @cmd or die "$0: exec $cmd[0]: $!\n";
    }
    my %r = (const => {}, errors => [], notes => []);
    while (my $line = <$fh>) {
        chomp $line;
        if ($line =~ /\A# Sys\/Virt\.pm: (.*)\z/)      { $r{pm} = $1 }
        elsif ($line =~ /\A# version: (.*)\z/)         { $r{version} = $1 }
        elsif ($line =~ /\AC (\S+) (\w+) (\w+) (.*)\z/) { $r{const}{$1}{$2} = [ $3, $4 ] }
        elsif ($line =~ /\AE (.*)\z/)                  { push @{ $r{errors} }, $1 }
        elsif ($line =~ /\AN (.*)\z/)                  { push @{ $r{notes} }, $1 }
        else                                           { push @{ $r{errors} }, "unexpected output: $line" }
    }
    close $fh;
    my $status = $?;
    unlink $tmp;
    die "$0: $what: `@cmd` failed (status $status)\n" if $status || !defined $r{pm};
    return \%r;
}

sub lines_of {
    my (@cmd) = @_;
    open my $fh, '-|', @cmd or die "$0: @cmd: $!\n";
    my @l = <$fh>;
    close $fh;
    die "$0: `@cmd` failed (status $?)\n" if $?;
    chomp @l;
    return @l;
}

my $ref = run_walk('reference',
    defined $root ? ('chroot', $root, 'perl', '-') : ('/usr/bin/perl', '-'));
my $our;
if ($ours eq 'built') {
    chdir $ROOT or die "$0: $ROOT: $!\n";
    die "$0: no blib in $ROOT: run make first\n" unless -d 'blib';
    $our = run_walk('ours', $^X, '-Mblib', '-');
    die "$0: our walk loaded the reference ($our->{pm})\n" if $our->{pm} eq $ref->{pm} && !defined $root;
} else {
    $our = { pm => $GEN, version => 'tables of tools/gen-constants.pl', const => {}, errors => [] };
    for (lines_of($^X, $GEN, '--list-all')) {
        /\A(\S+) (\w+) (.*)\z/s or die "$0: gen-constants --list-all: bad line $_\n";
        $our->{const}{$1}{$2} = [ undef, $3 ];
    }
}

printf "reference: Sys::Virt %s (%s%s)\n", $ref->{version}, defined $root ? "$root: " : '', $ref->{pm};
printf "ours:      %s (%s)\n", $our->{version} // '?', $our->{pm};
printf "mode:      %s\n", $subset ? 'subset (every reference constant must be ours)' : 'equal';

my $bad = 0;
for my $side ([ reference => $ref ], [ ours => $our ]) {
    printf "note (%s): %d CvCONST subs with a prototype other than \"\" (not constants), e.g. %s\n",
        $side->[0], scalar(@{ $side->[1]{notes} }), $side->[1]{notes}[0] =~ s/ is CvCONST.*//r
        if $side->[1]{notes} && @{ $side->[1]{notes} };
    for my $e (@{ $side->[1]{errors} }) {
        print "ERROR ($side->[0]): $e\n";
        $bad++;
    }
}

my %pkgs = map { $_ => 1 } keys %{ $ref->{const} }, keys %{ $our->{const} };
my ($nref, $nour) = (0, 0);
for my $pkg (sort keys %pkgs) {
    my $r = $ref->{const}{$pkg} || {};
    my $o = $our->{const}{$pkg} || {};
    my @missing = grep { !$o->{$_} } sort keys %$r;
    my @extra   = grep { !$r->{$_} } sort keys %$o;
    my @value   = grep { $o->{$_} && $o->{$_}[1] ne $r->{$_}[1] } sort keys %$r;
    my @kind    = grep { $o->{$_} && defined $o->{$_}[0] && $o->{$_}[1] eq $r->{$_}[1]
                         && $o->{$_}[0] ne $r->{$_}[0] } sort keys %$r;
    $nref += keys %$r;
    $nour += keys %$o;
    my $fail = @missing + @value + @kind + ($subset ? 0 : @extra);
    $bad += $fail;
    printf "%-5s %-28s reference %4d, ours %4d; missing %d, %s %d, value differs %d%s\n",
        $fail ? 'FAIL' : 'ok', $pkg, scalar(keys %$r), scalar(keys %$o), scalar(@missing),
        $subset ? 'newer' : 'extra', scalar(@extra), scalar(@value),
        $ours eq 'built' ? ", kind differs " . scalar(@kind) : '';
    print "      missing: $_ $r->{$_}[1]\n" for @missing;
    print "      extra:   $_ $o->{$_}[1]\n" for $subset ? () : @extra;
    print "      value:   $_ ours $o->{$_}[1], reference $r->{$_}[1]\n" for @value;
    print "      kind:    $_ ours $o->{$_}[0], reference $r->{$_}[0]\n" for @kind;
}
printf "%s: reference %d constants, ours %d\n", $bad ? 'DIFFERENT' : 'AGREE', $nref, $nour;
exit($bad ? 1 : 0);
