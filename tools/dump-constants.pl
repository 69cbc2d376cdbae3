#!/usr/bin/perl
# Print the constants of one Sys::Virt package as "NAME VALUE" lines,
# sorted by name, for whichever Sys::Virt is found first in @INC.
#
#   perl tools/dump-constants.pl Sys::Virt::Domain
#   perl -Mblib tools/dump-constants.pl Sys::Virt::Error
#
# A constant is a sub in the package's stash with an empty prototype and perl's CvCONST
# flag (the constant subs created by newCONSTSUB); its value is obtained by calling it.
# NAME is unqualified.  VALUE is printed as Perl stringifies it, with
# backslash, control and non-ASCII characters escaped (\\, \n, \t, \xHH,
# \x{HHHH}) so that every constant stays on one line.
# With --where, a first line "# Sys/Virt.pm: PATH" reports which module was
# loaded.

use strict;
use B ();
use warnings;

my $where = 0;
if (@ARGV && $ARGV[0] eq '--where') {
    $where = 1;
    shift @ARGV;
}
die "usage: $0 [--where] PACKAGE\n" unless @ARGV == 1;
my $pkg = $ARGV[0];
die "$0: not a Sys::Virt package name: $pkg\n"
    unless $pkg =~ /\ASys::Virt(?:::\w+)*\z/;

require Sys::Virt;
# Sub-packages are loaded by Sys::Virt itself; this covers any that are not.
unless ($pkg eq 'Sys::Virt') {
    (my $file = "$pkg.pm") =~ s{::}{/}g;
    eval { require $file; 1 } unless $INC{$file};
}

print "# Sys/Virt.pm: $INC{'Sys/Virt.pm'}\n" if $where;

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

my %out;
{
    no strict 'refs';
    my $stash = \%{"${pkg}::"};
    for my $name (keys %$stash) {
        next if $name =~ /::\z/;              # nested packages
        next unless defined &{"${pkg}::$name"};
        my $code = \&{"${pkg}::$name"};
        my $proto = prototype($code);
        next unless defined $proto && $proto eq '';
        # Only a real constant sub (CvCONST) is called: an XSUB without arguments has the
        # empty prototype too (Sys::Virt::Event::run_default would wait for an event).
        next unless B::svref_2object($code)->CvFLAGS & B::CVf_CONST();
        my @v = $code->();
        my $v = @v == 1 ? $v[0] : join(',', map { defined $_ ? $_ : 'undef' } @v);
        $out{$name} = escape($v);
    }
}

binmode STDOUT;
print "$_ $out{$_}\n" for sort keys %out;
