#!/usr/bin/perl
# Every public method and every constant of every package shipped under lib/ is
# documented in that package's POD.
#
# The packages are found, not listed: every `package NAME;` line of every .pm file under
# blib/lib (under "prove -b" or "make test") or lib/. A class module added later is
# checked from its first build on.
#
# Methods: Test::Pod::Coverage with Pod::Coverage's rules. A method counts as documented
# when an =item or =head2..=head4 names it; "=item $dom->get_name(), $dom->get_id()"
# documents both. Names starting with an underscore, DESTROY and the other names Perl
# calls by itself are private.
#
# Constants: there are hundreds (689 in Sys::Virt::Domain), so the POD documents them by
# group, as the XS module's POD does for many of them: C<STATE_*> in a package's POD
# covers every constant of that package whose name starts with STATE_. A constant is also
# covered when its POD names it, in C<NAME>. A constant here is what this module's
# constants are: a sub with an empty prototype whose CV perl marks as constant (CvCONST).
# Each constant so covered is passed to Pod::Coverage as trusted; one that no group and no
# C<> covers stays among the uncovered names and fails the package's test.
use strict;
use warnings;
use B ();
use File::Find ();
use FindBin;
use Test::More;

eval { require Test::Pod::Coverage; Test::Pod::Coverage->VERSION(1.08); 1 }
    or plan skip_all => 'Test::Pod::Coverage 1.08 or later is needed to check POD coverage '
                      . '(Debian: libtest-pod-coverage-perl)';
eval { require Pod::Coverage; Pod::Coverage->VERSION(0.18); 1 }
    or plan skip_all => 'Pod::Coverage 0.18 or later is needed to check POD coverage';

my ($libdir) = grep { -d } map { "$FindBin::Bin/../$_" } qw(blib/lib lib);
plan skip_all => 'no blib/lib or lib directory to check' unless $libdir;

# Loaded first: it loads the native library that defines the classes' methods and
# constants, which a class module loaded on its own would not have.
require Sys::Virt;

# package name => the file that declares it (the file whose POD documents it).
my %file_of;
File::Find::find({
    no_chdir => 1,
    wanted   => sub {
        return unless /\.pm\z/ && -f;
        open(my $fh, '<', $_) or die "$_: $!";
        while (my $line = <$fh>) {
            last if $line =~ /^__END__/;
            $file_of{$1} //= $File::Find::name if $line =~ /^package\s+([\w:]+)\s*;/;
        }
    },
}, $libdir);
ok(exists $file_of{'Sys::Virt'}, 'Sys::Virt is among the packages found under lib')
    or diag("packages found: @{[ sort keys %file_of ]}");

for my $package (sort keys %file_of) {
    my $file = $file_of{$package};
    eval "require $package; 1" or do {
        fail("$package loads");
        diag($@);
        next;
    };

    my ($prefixes, $names) = documented_constants($file);
    my @constants = constants_of($package);
    my @trusted = grep {
        my $name = $_;
        $names->{$name} || grep { index($name, $_) == 0 } @$prefixes;
    } @constants;

    Test::Pod::Coverage::pod_coverage_ok($package, {
        pod_from => $file,
        trustme  => [ map { qr/^\Q$_\E\z/ } @trusted ],
    }, "POD coverage of $package (" . scalar(@constants) . ' constants, '
       . scalar(@trusted) . ' of them covered by their group or name)');
}

done_testing;

# The constant subs defined in a package's symbol table.
sub constants_of {
    my ($package) = @_;
    no strict 'refs';
    my $stash = \%{"${package}::"};
    my @found;
    for my $name (sort keys %$stash) {
        next if $name =~ /::\z/ || !defined &{"${package}::$name"};
        my $cv = B::svref_2object(\&{"${package}::$name"});
        my $proto = prototype($cv->object_2svref);
        push @found, $name
          if ($cv->CvFLAGS & B::CVf_CONST()) && defined $proto && $proto eq '';
    }
    return @found;
}

# What a file's POD says about constants: the prefixes of the groups it names, as
# C<PREFIX_*>, and the names it gives in full, as C<NAME>.
sub documented_constants {
    my ($file) = @_;
    open(my $fh, '<', $file) or die "$file: $!";
    my ($in_pod, @prefixes, %names) = (0);
    while (my $line = <$fh>) {
        if ($line =~ /^=(\w+)/) { $in_pod = $1 ne 'cut'; next unless $in_pod }
        next unless $in_pod;
        while ($line =~ /C<(?:<+\s+)?([A-Z][A-Z0-9_]*)(\*)?(?:\s+>+)?>/g) {
            if ($2) { push @prefixes, $1 } else { $names{$1} = 1 }
        }
    }
    return (\@prefixes, \%names);
}
