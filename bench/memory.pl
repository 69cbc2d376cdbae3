#!/usr/bin/perl
# bench/memory.pl -- memory checks for the checkpoint code (the Rust module in blib/).
#
#   perl bench/memory.pl               RSS check: 200,000 rounds of create / look up / list /
#                                      XML / delete; VmRSS at the end must be within 2 MiB of
#                                      VmRSS after round 10,000.
#   perl bench/memory.pl --valgrind    also: valgrind memcheck over the checkpoint tests
#                                      (t/40-checkpoint.t, t/45-checkpoint-tree.t when they
#                                      exist, and bench/memory.pl's own short workloads), with
#                                      bench/valgrind.supp; fails on any invalid read/write or
#                                      any definitely/indirectly lost block with our code
#                                      (Virt.so) in its stack.
#   perl bench/memory.pl --rounds N    another round count (default 200000).
#   perl bench/memory.pl --dying-fetch  only the dying-argument check (the default run does
#                                      it too, after the rounds above): --calls N (default
#                                      100,000) calls of each of five kinds whose argument
#                                      runs Perl code that dies while it is converted (a tied
#                                      hash value for set_scheduler_parameters, a tied flags
#                                      for list_all_checkpoints, a tied name for both
#                                      _lookup_by_name, an overloaded "" for
#                                      get_checkpoint_by_name); VmRSS after the last call must
#                                      be within 1 MiB of VmRSS after call 10,000. --valgrind
#                                      runs 300 of each under memcheck as well.
#
# Run from anywhere after `perl Makefile.PL && make`; it re-runs itself under perl -Mblib.
use strict;
use warnings;
use FindBin;
use File::Spec;
use Getopt::Long;

my $root = File::Spec->rel2abs(File::Spec->catdir($FindBin::Bin, File::Spec->updir));
my %opt = (rounds => 200_000, check_after => 10_000, calls => 100_000);
# (--check-after is linked to check_after explicitly: stored by its own name, it was ignored.)
GetOptions(\%opt, 'rounds=i', 'check-after=i' => \$opt{check_after}, 'valgrind', 'workload',
           'no-rss', 'dying-fetch', 'calls=i')
  or die "usage: perl bench/memory.pl [--rounds N] [--dying-fetch] [--calls N] [--valgrind] [--no-rss]\n";

if ($opt{workload}) {    # the child: runs inside perl -Mblib (and maybe valgrind)
    exit dying_fetch_workload($opt{calls}, $opt{check_after}) if $opt{'dying-fetch'};
    exit workload($opt{rounds}, $opt{check_after});
}

my $fail = 0;
unless ($opt{'no-rss'}) {
    unless ($opt{'dying-fetch'}) {
        print "== RSS: $opt{rounds} rounds of create/lookup/list/XML/delete\n";
        $fail = 1 if system($^X, "-Mblib=$root", "$root/bench/memory.pl", '--workload',
            '--rounds', $opt{rounds}, '--check-after', $opt{check_after}) != 0;
    }
    # Run even when the check above failed: each check says its own verdict.
    print "== RSS: $opt{calls} calls of each kind whose argument dies while converted\n";
    $fail = 1 if system($^X, "-Mblib=$root", "$root/bench/memory.pl", '--workload',
        '--dying-fetch', '--calls', $opt{calls}, '--check-after', $opt{check_after}) != 0;
}
if ($opt{valgrind}) {
    $fail = 1 if valgrind();
}
print $fail ? "FAIL\n" : "PASS\n";
exit($fail ? 1 : 0);

sub rss_kib {
    open my $fh, '<', '/proc/self/status' or die "cannot read /proc/self/status: $!";
    while (<$fh>) { return $1 if /^VmRSS:\s+(\d+)\s+kB/ }
    die "no VmRSS in /proc/self/status\n";
}

# One round: create, look up, list (all and children), XML, parent, delete. A small tree of
# 5 checkpoints stays in place so that the lists and the parent lookup return something.
sub workload {
    my ($rounds, $check_after) = @_;
    require Sys::Virt;
    my $conn = Sys::Virt->new(uri => 'test:///default');
    my $dom  = $conn->get_domain_by_name('test');
    $dom->create_checkpoint("<domaincheckpoint><name>base$_</name></domaincheckpoint>") for 1 .. 5;
    my ($root) = $dom->list_all_checkpoints(Sys::Virt::DomainCheckpoint::LIST_ROOTS());
    my $NO_DOMAIN = Sys::Virt::DomainCheckpoint::XML_NO_DOMAIN();
    my $DESC      = Sys::Virt::DomainCheckpoint::LIST_DESCENDANTS();
    # Creating a checkpoint costs ~13 ms in the test driver (schema validation), so only
    # every 100th round creates and deletes one; every round does the rest, with errors.
    my ($base, $t0) = (undef, time);
    for my $i (1 .. $rounds) {
        if ($i % 100 == 1) {
            my $cp = $dom->create_checkpoint("<domaincheckpoint><name>r$i</name></domaincheckpoint>");
            my $x = $cp->get_xml_description($NO_DOMAIN);
            $cp->delete;
            eval { $cp->get_parent };    # deleted: dies with error 103
        }
        my $cp = $dom->get_checkpoint_by_name('base3');
        my $n  = $cp->get_name;
        my $x  = $cp->get_xml_description($NO_DOMAIN);
        my $p  = $cp->get_parent;
        my @all = $dom->list_all_checkpoints;
        my @ch  = $root->list_all_children($DESC);
        eval { $dom->get_checkpoint_by_name('nope') };    # error object path
        eval { $root->get_parent };                        # root: error 103
        if ($i == $check_after) {
            $base = rss_kib();
            printf "after round %d: VmRSS %d KiB\n", $i, $base;
        }
    }
    my $end = rss_kib();
    $root->delete(Sys::Virt::DomainCheckpoint::DELETE_CHILDREN());
    return 0 unless defined $base;    # short runs (valgrind): no RSS verdict
    my $growth = $end - $base;
    printf "after round %d: VmRSS %d KiB (growth %+d KiB, limit 2048 KiB, %.0f s)\n",
      $rounds, $end, $growth, time - $t0;
    return $growth <= 2048 ? 0 : 1;
}

# Perl code that dies in the middle of an XSUB's argument conversion: whatever the XSUB had
# allocated or taken by then (parameter lists, strings, references to the invocant) must be
# given back when perl unwinds past it. Each round makes one call of each kind, checks that
# the die reached the caller with its own message, and the objects are used normally after.
{
    package DyingFetch;    # a tied scalar whose FETCH dies
    sub TIESCALAR { my $x; bless \$x, $_[0] }
    sub FETCH { die "FETCH died\n" }
    sub STORE { }
}
{
    package DyingString;    # an object whose stringification dies
    use overload '""' => sub { die "stringification died\n" }, fallback => 1;
}

sub dying_fetch_workload {
    my ($calls, $check_after) = @_;
    require Sys::Virt;
    my $conn = Sys::Virt->new(uri => 'test:///default');
    my $dom  = $conn->get_domain_by_name('test');
    my $cp   = $dom->create_checkpoint("<domaincheckpoint><name>dying</name></domaincheckpoint>");
    my %params;
    tie $params{weight}, 'DyingFetch';
    tie my $flags, 'DyingFetch';
    tie my $name,  'DyingFetch';
    my $str = bless {}, 'DyingString';
    my @calls = (
        [ 'set_scheduler_parameters', "FETCH died\n", sub { $dom->set_scheduler_parameters(\%params) } ],
        [ 'list_all_checkpoints', "FETCH died\n", sub { $dom->list_all_checkpoints($flags) } ],
        [ 'DomainCheckpoint::_lookup_by_name', "FETCH died\n",
          sub { Sys::Virt::DomainCheckpoint::_lookup_by_name($dom, $name) } ],
        [ 'Domain::_lookup_by_name', "FETCH died\n", sub { Sys::Virt::Domain::_lookup_by_name($conn, $name) } ],
        [ 'get_checkpoint_by_name', "stringification died\n", sub { $dom->get_checkpoint_by_name($str) } ],
    );
    my ($base, $t0, $wrong) = (undef, time, 0);
    for my $i (1 .. $calls) {
        for my $c (@calls) {
            next if eval { $c->[2]->(); 1 };
            next if !ref($@) && $@ eq $c->[1];
            printf "%s: died with %s instead of %s", $c->[0], $@, $c->[1] unless $wrong++;
        }
        if ($i == $check_after) {
            $base = rss_kib();
            printf "after call %d of each kind: VmRSS %d KiB\n", $i, $base;
        }
    }
    my $end = rss_kib();
    # The objects still work, and nothing was changed.
    my @names = map { $_->get_name } $dom->list_all_checkpoints;
    my $ok_after = "@names" eq 'dying' && $dom->get_checkpoint_by_name('dying')->get_name eq 'dying'
      && $dom->get_scheduler_parameters->{weight} == 50;
    print "objects after the dying calls: ", ($ok_after ? 'fine' : "wrong (checkpoints: @names)"), "\n";
    $cp->delete;
    print "$wrong calls did not die as they should\n" if $wrong;
    return 1 if $wrong || !$ok_after;
    return 0 unless defined $base;    # short runs (valgrind): no RSS verdict
    my $growth = $end - $base;
    printf "after call %d of each kind: VmRSS %d KiB (growth %+d KiB, limit 1024 KiB, %.0f s)\n",
      $calls, $end, $growth, time - $t0;
    return $growth <= 1024 ? 0 : 1;
}

sub valgrind {
    system('valgrind --version >/dev/null 2>&1') == 0
      or do { print "valgrind not installed\n"; return 1 };
    my @targets = grep { -f } map { "$root/t/$_" } qw(40-checkpoint.t 45-checkpoint-tree.t);
    my $fail = 0;
    my @runs = ((map { [$_] } @targets),
                ["$root/bench/memory.pl", '--workload', '--rounds', 300, '--check-after', 0],
                ["$root/bench/memory.pl", '--workload', '--dying-fetch', '--calls', 300,
                 '--check-after', 0]);
    for my $run (@runs) {
        my $log = "/tmp/sys-virt-memcheck.$$.log";
        print "== valgrind memcheck: @$run\n";
        local $ENV{PERL_DESTRUCT_LEVEL} = 2;    # perl frees everything at exit
        my @cmd = ('valgrind', '--tool=memcheck', '--leak-check=full',
            '--show-leak-kinds=definite,indirect', '--errors-for-leak-kinds=definite,indirect',
            '--num-callers=40', "--suppressions=$root/bench/valgrind.supp", "--log-file=$log",
            $^X, "-Mblib=$root", @$run);
        my $out = `@cmd 2>&1`;
        my $rc  = $? >> 8;
        print "   test exit status $rc\n" if $rc;
        open my $fh, '<', $log or die "no valgrind log: $!";
        my $text = do { local $/; <$fh> };
        close $fh;
        unlink $log;
        # split into error records (blank-line separated, after the ==PID== prefix)
        (my $clean = $text) =~ s/^==\d+== ?//mg;
        my @blocks = split /\n\s*\n/, $clean;
        my ($invalid, $lost_ours, $lost_other) = (0, 0, 0);
        for my $b (@blocks) {
            if ($b =~ /^(Invalid (read|write|free)|Use of uninitialised|Conditional jump|Mismatched free|Syscall param)/m) {
                $invalid++;
                print "   ERROR:\n$b\n";
            } elsif ($b =~ /are (definitely|indirectly) lost in loss record/) {
                # ours when the first frame past the allocator is our code (Virt.so)
                my ($first) = grep { !/(malloc|calloc|realloc|alloc\.rs|raw_vec|c_str\.rs)/ }
                  grep { /^\s+(at|by) / } split /\n/, $b;
                if (defined $first && $first =~ m{Virt\.so|sys_virt|perlxs|\.rs:}) { $lost_ours++; print "   LEAK (ours):\n$b\n" }
                else { $lost_other++ }
            }
        }
        my ($summary) = $clean =~ /(LEAK SUMMARY:.*?)(?:\n\n|\z)/s;
        my ($errs) = $clean =~ /ERROR SUMMARY: (\d+) errors/;
        print "   invalid accesses: $invalid; lost blocks from our code: $lost_ours;",
          " lost blocks elsewhere (perl/libvirt, not suppressed): $lost_other\n";
        print "   $_\n" for split /\n/, ($summary // 'no leak summary');
        $fail ||= ($invalid || $lost_ours || $rc);
    }
    return $fail;
}
