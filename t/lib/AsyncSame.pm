package AsyncSame;
# The comparison the async tests make of a method's two forms: $obj->$m(@args) blocking
# and through $obj->async. Either both give the same values (as $cmp makes them: the CPU
# times and the like that move between two calls left out), or both fail with an equal
# Sys::Virt::Error (code, domain, level, message). One test per comparison; the async
# form's values are returned.
#
#   same($label, $obj, $m, \@args, $cmp)

use strict;
use warnings;
use Test::More ();
use Exporter 'import';
our @EXPORT = qw(same);

sub same {
    my ($label, $obj, $m, $args, $cmp) = @_;
    $cmp //= sub { \@_ };
    my @want = eval { $obj->$m(@$args) };
    my $want_err = $@;
    my $f = eval { $obj->async->$m(@$args) };
    if (!$f) {
        Test::More::fail("$label: has an async form") or Test::More::diag($@);
        return;
    }
    my @got = eval { $f->get };
    my $got_err = $@;
    if ($want_err) {
        if (ref $want_err && ref $got_err) {
            my $fields = sub { my $e = shift; [$e->code, $e->domain, $e->level, $e->message] };
            Test::More::is_deeply($fields->($got_err), $fields->($want_err),
                                  "$label: the same error (" . $want_err->code . ')');
        } else {
            Test::More::fail("$label: the same error")
                or Test::More::diag("blocking: $want_err\nasync: $got_err");
        }
        return;
    }
    if ($got_err) {
        Test::More::fail("$label: the same result") or Test::More::diag("async failed: $got_err");
        return;
    }
    Test::More::is_deeply($cmp->(@got), $cmp->(@want), "$label: the same result");
    return @got;
}

1;
