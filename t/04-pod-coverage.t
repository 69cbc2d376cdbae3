#!/usr/bin/perl
# Every package documents each of its subs, every constant included, in its POD:
# Test::Pod::Coverage's all_pod_coverage_ok() with Pod::Coverage's default rules, over the
# modules of blib (run with "prove -b", or "make test").
#
# Sys::Virt is loaded first because it loads the native code that defines the classes'
# methods and constants; a class module required on its own has only its Perl subs, and
# would pass without its constants being checked.
use strict;
use warnings;
use Test::More;

eval { require Test::Pod::Coverage; Test::Pod::Coverage->VERSION(1.08); 1 }
    or plan skip_all => 'Test::Pod::Coverage 1.08 or later is needed to check POD coverage '
                      . '(Debian: libtest-pod-coverage-perl)';
require Sys::Virt;

Test::Pod::Coverage::all_pod_coverage_ok();
