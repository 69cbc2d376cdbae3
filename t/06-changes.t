#!/usr/bin/perl
# Changes is in the form CPAN tools read (CPAN::Changes::Spec), and its newest entry is
# the version this distribution carries.
use strict;
use warnings;
use FindBin;
use Test::More;

eval { require Test::CPAN::Changes; Test::CPAN::Changes->VERSION(0.4); 1 }
    or plan skip_all => 'Test::CPAN::Changes 0.4 or later is needed to check Changes '
                      . '(Debian: libcpan-changes-perl)';

my $file = "$FindBin::Bin/../Changes";
plan skip_all => 'no Changes file next to t/' unless -f $file;

# The version the module declares, read from the source without loading the module.
my ($version) = do {
    open(my $fh, '<', "$FindBin::Bin/../lib/Sys/Virt.pm") or die "lib/Sys/Virt.pm: $!";
    map { /^our \$VERSION = '([^']+)';/ ? $1 : () } <$fh>;
};
ok(defined $version, 'lib/Sys/Virt.pm declares $VERSION');

# A date the checker only warns about ("is not in the recommended format") fails here.
my @warnings;
{
    local $SIG{__WARN__} = sub { push @warnings, $_[0] };
    Test::CPAN::Changes::changes_file_ok($file, { version => $version });
}
is_deeply(\@warnings, [], 'every release date is a W3CDTF date or "Not Released"');

my $changes = CPAN::Changes->load($file);
my @releases = reverse $changes->releases;    # newest first
is($releases[0]->version, $version, "the newest entry in Changes is $version");

done_testing;
