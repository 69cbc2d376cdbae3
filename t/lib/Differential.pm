package Differential;
# What the differential tests (t/50, t/52, t/53, t/65, t/66) share: a script of t/lib is run
# in a child perl with the reference Sys::Virt and with ours (TestDriver::run_perl), the
# runs are checked for a clean end, and their outputs are compared line by line, some lines
# being intended differences. The t/6* ones also make things on the real libvirtd, and what
# a run leaves behind is removed here and counted as a failure.

use strict;
use warnings;
use Test::More ();
use TestDriver qw(run_perl REFDIR reference_is_older reference_version our_api_version);
use Exporter 'import';
our @EXPORT_OK = qw(run_both compare_lines quiet qemu_connect_or_skip run_tracked
                    check_current_run facts check_facts check_reference_run
                    KNOWN_NUL KNOWN_UNSAFE);

# ---------------------------------------------------------------- t/50, t/52, t/53
# Runs $script (with @args) once with each module and checks both runs: clean exit, the
# right Sys/Virt.pm loaded, nothing else on stderr, "END" as the last line, and more than
# $min_lines lines from the reference. Returns (reference lines, our lines).
sub run_both {
    my ($script, $min_lines, @args) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my $refpm = REFDIR . '/Sys/Virt.pm';
    my ($ref_pm, $ref_out, $ref_err, $ref_status) = run_perl('reference', $script, @args);
    my ($our_pm, $our_out, $our_err, $our_status) = run_perl('ours', $script, @args);
    Test::More::is($ref_status, 0, 'reference run exited cleanly') or Test::More::diag(join "\n", @$ref_err);
    Test::More::is($our_status, 0, 'our run exited cleanly') or Test::More::diag(join "\n", @$our_err);
    Test::More::is($ref_pm, $refpm, 'reference run loaded the reference module');
    Test::More::ok(defined $our_pm && $our_pm ne $refpm, 'our run loaded our module (' . ($our_pm // 'none') . ')')
        or Test::More::diag('run this test with the built module first in @INC: prove -b / make test');
    Test::More::is_deeply($ref_err, [], 'reference run printed nothing else on stderr');
    Test::More::is_deeply($our_err, [], 'our run printed nothing else on stderr');
    Test::More::is($ref_out->[-1], 'END', 'reference run reached the end');
    Test::More::is($our_out->[-1], 'END', 'our run reached the end');
    Test::More::cmp_ok(scalar(@$ref_out), '>', $min_lines, 'the script printed plenty')
        or Test::More::diag(scalar(@$ref_out) . ' lines');
    return ($ref_out, $our_out);
}

# ---------------------------------------------------------------- a reference older than ours
# When the reference is older than the API this distribution implements (reference_is_older:
# Sys::Virt 9.0.0 on Debian 12 or 11.1.0 on Debian 13, against our 12.7.0), ours has subs
# and constants that it lacks. Those, and only those, are taken out of our output before
# the comparison:
#  - from the lists of names a script prints ("all subs PKG: a,b", "consts PKG: A=1,B=2",
#    "Domain methods: a,b"), each name that ours lists and the reference's line of the same
#    label does not;
#  - then each of our lines about one of those names ("sub PKG::NAME: ...", "proto
#    PKG::NAME: ...", "usage PKG::NAME: ...", "const PKG::NAME: ...") whose label the
#    reference's output does not have.
# The same holds against a reference as new as our API (unstable's 12.7.0): what this
# distribution adds beyond the XS module (->async, new_async, the QEMU and LXC calls) is
# taken out too; every name of the reference must still be in ours, with the same lines.
# Returns (our output to compare, [the names taken out, as PKG::NAME]).
my $LIST_LINE = qr/\A((?:all subs|consts) (Sys::Virt(?:::\w+)*)|Domain methods): (.*)\z/s;
my $NAME_LINE = qr/\A((?:sub|proto|usage|const) (Sys::Virt(?:::\w+)*)::(\w+))(?::| )/;

sub without_newer {
    my ($ref_out, $our_out) = @_;
    my $name_of = sub { my ($item) = @_; $item =~ s/=.*\z//s; $item };
    my (%ref_names, %ref_labels);
    for my $line (@$ref_out) {
        if (my ($label, undef, $list) = $line =~ $LIST_LINE) {
            $ref_names{$label} //= {};
            $ref_names{$label}{ $name_of->($_) } = 1 for split /,/, $list;
        }
        if (my ($label) = $line =~ $NAME_LINE) {
            $ref_labels{$label} = 1;
        }
    }
    my (%newer, @out);
    for my $line (@$our_out) {
        my ($label, $pkg, $list) = $line =~ $LIST_LINE;
        if (defined $label && $ref_names{$label}) {
            $pkg //= 'Sys::Virt::Domain';    # "Domain methods"
            my @keep;
            for my $item (split /,/, $list) {
                my $n = $name_of->($item);
                if ($ref_names{$label}{$n}) { push @keep, $item } else { $newer{"${pkg}::$n"} = 1 }
            }
            $line = "$label: " . join(',', @keep);
        }
        push @out, $line;
    }
    @out = grep { my ($label, $pkg, $n) = $_ =~ $NAME_LINE;
                  !(defined $label && $newer{"${pkg}::$n"} && !$ref_labels{$label}) } @out;
    return (\@out, [sort keys %newer]);
}

# ---------------------------------------------------------------- the comparison
# The two intended differences of the test-driver scripts (t/lib/network-script.pl,
# t/lib/storage-script.pl), as entries of compare_lines()'s known list: the lines their
# NUL() and UNSAFE() print.
use constant KNOWN_NUL =>
    [ qr/\A(NUL .*? \[(\w+)\]): /,
      'a NUL byte inside a string argument: the reference cuts the string at the NUL, ours '
        . 'dies naming the argument (perldoc Sys::Virt, DIFFERENCES FROM THE XS Sys::Virt)',
      sub { my ($line, $label, $arg) = @_;
            $line =~ /\A\Q$label\E: DIE .*\b\Q$arg\E\w* contains a NUL byte/ } ];
use constant KNOWN_UNSAFE =>
    [ qr/\A(UNSAFE .*?): (?:exit|killed)/,
      'the reference crashes, takes a pointer out of something that is not its handle, or '
        . 'reads past a string; ours must end normally, with an error or a result',
      sub { my ($line, $label) = @_;
            $line =~ /\A\Q$label\E: exit 0; (?!no output)/ } ];

# Compares the two outputs ("LABEL: VALUE" lines) in order: one passing test that counts
# the equal lines, then one test per differing line, then one for the number of lines.
# Against a reference older than our API, what only ours can have is left out of ours
# first (without_newer).
# Options:
#   known   => [[PATTERN, REASON, CHECK], ...]: intended differences. A reference line that
#              matches PATTERN is not compared with ours; CHECK->(our line, the pattern's
#              captures) must hold instead (even where the two lines are equal). An entry
#              without CHECK is a known, still open difference: a differing line that
#              matches it (ours when the reference has none) is a TODO test.
#   max     => at most this many differing lines are tested one by one (past that the
#              outputs have most likely lost step; one more failure says so); all if undef.
#   summary => sub { my ($same, $known_ok) = @_; the name of the counting test }.
#   count   => the name of the last test (same number of lines).
sub compare_lines {
    my ($ref_out, $our_out, %opt) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my $newer;
    ($our_out, $newer) = without_newer($ref_out, $our_out);
    Test::More::note(scalar(@$newer) . ' names of ours that the reference Sys::Virt '
                     . reference_version() . ' lacks (our API is ' . our_api_version()
                     . ', with this distribution\'s additions), left out of the comparison: '
                     . join(' ', @$newer)) if @$newer;
    my @promise = grep { $_->[2] } @{ $opt{known} // [] };
    my @open    = grep { !$_->[2] } @{ $opt{known} // [] };
    my $n = @$ref_out > @$our_out ? @$ref_out : @$our_out;
    my ($same, $known_ok, @differ) = (0, 0);
    for my $i (0 .. $n - 1) {
        my ($r, $o) = ($ref_out->[$i], $our_out->[$i]);
        my ($k) = defined $r ? grep { $r =~ $_->[0] } @promise : ();
        if ($k && defined $o) {
            my @cap = $r =~ $k->[0];
            if ($k->[2]->($o, @cap)) {
                $known_ok++;
                Test::More::note("line " . ($i + 1) . ": intended difference ($k->[1])");
                next;
            }
            push @differ, [$i + 1, $r, $o, "not the intended difference: $k->[1]"];
            next;
        }
        next if !$k && defined $r && defined $o && $r eq $o && ++$same;
        my $line = $r // $o;
        my ($todo) = grep { $line =~ $_->[0] } @open;
        push @differ, [$i + 1, $r, $o, undef, $todo];
    }
    Test::More::pass($opt{summary}->($same, $known_ok));
    my $max = $opt{max};
    if (defined $max && @differ > $max) {
        Test::More::ok(0, scalar(@differ) . " lines differ; the first $max are shown");
        splice @differ, $max;
    }
    for my $d (@differ) {
        my ($ln, $r, $o, $why, $todo) = @$d;
        if ($why) {
            Test::More::ok(0, "output line $ln is the intended difference")
                or Test::More::diag("reference: $r\nours:      $o\nexpected:  $why");
            next;
        }
        TODO: {
            no warnings 'once';
            local $main::TODO = $todo ? $todo->[1] : undef;
            Test::More::is($o, $r, "output line $ln the same as the reference's");
        }
    }
    Test::More::ok(scalar(@$ref_out) == scalar(@$our_out), $opt{count})
        or Test::More::diag(scalar(@$ref_out) . ' reference lines, ' . scalar(@$our_out) . ' ours');
}

# ---------------------------------------------------------------- t/65, t/66
# Runs a command with stdout and stderr thrown away; true when it exited 0.
sub quiet {
    my $pid = fork // die "fork: $!";
    if (!$pid) { open STDOUT, '>', '/dev/null'; open STDERR, '>', '/dev/null'; exec @_; exit 127 }
    waitpid($pid, 0);
    return $? == 0;
}

# Skips the whole test unless Sys::Virt can connect to qemu:///system.
sub qemu_connect_or_skip {
    require Sys::Virt;
    my $c = eval { Sys::Virt->new(uri => 'qemu:///system') };
    return if $c;
    my $e = $@;
    $e = $e->message if ref $e && eval { $e->can('message') };
    chomp(my $m = $e // 'unknown error');
    Test::More::plan(skip_all => "cannot connect to qemu:///system: $m");
}

# What a run made, for the clean-up at exit or on a signal: [remover, its arguments].
my %MADE;
sub remove_all { $_->[0]->(@{ $_->[1] }) for values %MADE; %MADE = () }
END { my $st = $?; remove_all(); $? = $st }

# Runs $script with @args (the names of what it makes) with module $which; then
# $remove->(@args), which removes what is left and returns a description of it: there must
# be none. Until then an exit or INT/TERM removes it too. Returns what run_perl returns.
sub run_tracked {
    my ($which, $script, $remove, @args) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    $SIG{INT} = $SIG{TERM} = sub { remove_all(); exit 1 };
    $MADE{$which} = [$remove, [@args]];
    my @run = run_perl($which, $script, @args);
    my @left = $remove->(@args);
    delete $MADE{$which};
    Test::More::is_deeply(\@left, [], "$which run left nothing behind");
    return @run;
}

# The checks of the run with whichever module is first in @INC.
sub check_current_run {
    my ($pm, $out, $err, $status) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    Test::More::note("current run used $pm") if $pm;
    Test::More::is($status, 0, 'the scenario exited cleanly') or Test::More::diag(join "\n", @$err);
    Test::More::is_deeply($err, [], 'nothing else on stderr');
    Test::More::is($out->[-1], 'END', 'the scenario reached the end')
        or Test::More::diag(join "\n", grep { defined } @$out[-5 .. -1]);
}

# The "LABEL: VALUE" lines of an output as a hash, the first line of each label only.
sub facts {
    my ($out) = @_;
    my %got;
    for (@$out) { my ($k, $v) = /\A(.*?): (.*)\z/s or next; $got{$k} //= $v }
    return \%got;
}

# The main facts, whatever the module: [LABEL, expected value or pattern, test name] each,
# against facts().
sub check_facts {
    my ($got, $expect) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    for my $e (@$expect) {
        my ($k, $want, $name) = @$e;
        if (ref $want) { Test::More::like($got->{$k} // 'missing', $want, $name) }
        else           { Test::More::is($got->{$k} // 'missing', $want, $name) }
    }
}

# The checks of the reference's run (given as run_perl's list).
sub check_reference_run {
    my ($ref_pm, $ref_out, $ref_err, $ref_status) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    Test::More::is($ref_pm, REFDIR . '/Sys/Virt.pm', 'reference run loaded the reference module');
    Test::More::is($ref_status, 0, 'reference run exited cleanly') or Test::More::diag(join "\n", @$ref_err);
    Test::More::is_deeply($ref_err, [], 'reference run printed nothing else on stderr');
    Test::More::is($ref_out->[-1], 'END', 'reference run reached the end');
}

1;
