#!/usr/bin/perl
# Every POD document of the distribution is well-formed.
use strict;
use warnings;
use Test::More;

eval { require Test::Pod; Test::Pod->VERSION(1.22); 1 }
    or plan skip_all => 'Test::Pod 1.22 or later is needed to check the POD';

my @dirs = grep { -d } qw(blib/lib lib);
plan skip_all => 'no blib/lib or lib directory to check' unless @dirs;

# Under "prove -b" or "make test" the copies in blib are the ones in use.
Test::Pod::all_pod_files_ok(Test::Pod::all_pod_files($dirs[0]));
