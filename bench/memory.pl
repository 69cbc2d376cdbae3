#!/usr/bin/perl
# bench/memory.pl -- memory checks for the checkpoint code (the Rust module in blib/).
#
#   perl bench/memory.pl               RSS check: 200,000 rounds of create / look up / list /
#                                      XML / delete; VmRSS at the end must be within 2 MiB of
#                                      VmRSS after round 10,000.
#   perl bench/memory.pl --valgrind    also: valgrind memcheck over the checkpoint tests
#                                      (t/40-checkpoint.t, t/45-checkpoint-tree.t when they
#                                      exist, and bench/memory.pl's own short workload), with
#                                      bench/valgrind.supp; fails on any invalid read/write or
#                                      any definitely/indirectly lost block with our code
#                                      (Virt.so) in its stack.
#   perl bench/memory.pl --rounds N    another round count (default 200000).
#
# Run from anywhere after `perl Makefile.PL && make`; it re-runs itself under perl -Mblib.
use strict;
use warnings;
use FindBin;
use File::Spec;
use Getopt::Long;

my $root = File::Spec->rel2abs(File::Spec->catdir($FindBin::Bin, File::Spec->updir));
my %opt = (rounds => 200_000, check_after => 10_000);
GetOptions(\%opt, 'rounds=i', 'check-after=i', 'valgrind', 'workload', 'no-rss')
  or die "usage: perl bench/memory.pl [--rounds N] [--valgrind] [--no-rss]\n";

if ($opt{workload}) {    # the child: runs inside perl -Mblib (and maybe valgrind)
    exit workload($opt{rounds}, $opt{check_after});
}

my $fail = 0;
unless ($opt{'no-rss'}) {
    print "== RSS: $opt{rounds} rounds of create/lookup/list/XML/delete\n";
    $fail ||= system($^X, "-Mblib=$root", "$root/bench/memory.pl", '--workload',
        '--rounds', $opt{rounds}, '--check-after', $opt{check_after}) != 0;
}
if ($opt{valgrind}) {
    $fail ||= valgrind();
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

sub valgrind {
    system('valgrind --version >/dev/null 2>&1') == 0
      or do { print "valgrind not installed\n"; return 1 };
    my @targets = grep { -f } map { "$root/t/$_" } qw(40-checkpoint.t 45-checkpoint-tree.t);
    my $fail = 0;
    my @runs = ((map { [$_] } @targets),
                ["$root/bench/memory.pl", '--workload', '--rounds', 300, '--check-after', 0]);
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
