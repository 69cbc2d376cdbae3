/*
 * bench/floor.c: the floor for bench/run.pl -- the same checkpoint workload as the Perl
 * workers, made as direct libvirt calls from C (no Perl at all).
 *
 * Built by bench/run.pl:  cc -O2 -o floor floor.c $(pkg-config --cflags --libs libvirt)
 *
 * Protocol (same as the Perl workers in run.pl): after setup it prints "ready"; each
 * line "round" on stdin runs every operation once and prints "OP NS_PER_OP" lines, then
 * "end"; "quit" (or EOF) exits. Iteration counts come from the command line, in run.pl's
 * order, so all three implementations do exactly the same number of calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
    virErrorPtr e = virGetLastError();
    fprintf(stderr, "floor: %s failed: %s\n", what, e && e->message ? e->message : "?");
    exit(1);
}

static void quiet(void *ud, virErrorPtr e) { (void)ud; (void)e; }

/* Defines and starts a copy of the "test" domain under another name. */
static virDomainPtr new_domain(virConnectPtr conn, virDomainPtr tmpl, const char *name)
{
    char *xml = virDomainGetXMLDesc(tmpl, 0);
    if (!xml) die("virDomainGetXMLDesc");
    char *s = strstr(xml, "<name>test</name>");
    char *u = strstr(xml, "<uuid>");
    char *ue = u ? strstr(u, "</uuid>") : NULL;
    if (!s || !u || !ue) die("domain XML template");
    size_t cap = strlen(xml) + 64;
    char *out = malloc(cap);
    /* copy, replacing the name and dropping the uuid (name comes before uuid) */
    snprintf(out, cap, "%.*s<name>%s</name>%.*s%s", (int)(s - xml), xml, name,
             (int)(u - (s + strlen("<name>test</name>"))), s + strlen("<name>test</name>"),
             ue + strlen("</uuid>"));
    free(xml);
    virDomainPtr d = virDomainDefineXML(conn, out);
    free(out);
    if (!d) die("virDomainDefineXML");
    if (virDomainCreate(d) < 0) die("virDomainCreate");
    return d;
}

static void make_chain(virDomainPtr d, int n)
{
    char xml[256];
    for (int i = 1; i <= n; i++) {
        snprintf(xml, sizeof xml, "<domaincheckpoint><name>c%d</name></domaincheckpoint>", i);
        virDomainCheckpointPtr c = virDomainCheckpointCreateXML(d, xml, 0);
        if (!c) die("virDomainCheckpointCreateXML");
        virDomainCheckpointFree(c);
    }
}

static void free_list(virDomainCheckpointPtr *l, int n)
{
    for (int i = 0; i < n; i++)
        virDomainCheckpointFree(l[i]);
    free(l);
}

int main(int argc, char **argv)
{
    if (argc != 2 + 11) {
        fprintf(stderr, "usage: floor SMALL LARGE N_name N_parent N_xml N_lookup N_list_small "
                        "N_list_large N_children_small N_children_large N_create N_const\n");
        return 2;
    }
    int small = atoi(argv[1]), large = atoi(argv[2]);
    long n_name = atol(argv[3]), n_parent = atol(argv[4]), n_xml = atol(argv[5]),
         n_lookup = atol(argv[6]), n_ls = atol(argv[7]), n_ll = atol(argv[8]),
         n_cs = atol(argv[9]), n_cl = atol(argv[10]), n_create = atol(argv[11]),
         n_const = atol(argv[12]);

    virSetErrorFunc(NULL, quiet);
    virConnectPtr conn = virConnectOpen("test:///default");
    if (!conn) die("virConnectOpen");
    virDomainPtr test = virDomainLookupByName(conn, "test");
    if (!test) die("virDomainLookupByName");
    virDomainPtr ds = new_domain(conn, test, "bench_small");
    virDomainPtr dl = new_domain(conn, test, "bench_large");
    virDomainPtr dscratch = test;
    make_chain(ds, small);
    make_chain(dl, large);

    char mid[32];
    snprintf(mid, sizeof mid, "c%d", small / 2);
    virDomainCheckpointPtr cp = virDomainCheckpointLookupByName(ds, mid, 0);
    virDomainCheckpointPtr root_s = virDomainCheckpointLookupByName(ds, "c1", 0);
    virDomainCheckpointPtr root_l = virDomainCheckpointLookupByName(dl, "c1", 0);
    if (!cp || !root_s || !root_l) die("lookup");
    /* the names looked up, cycling over the small tree */
    char **names = malloc(sizeof(char *) * small);
    for (int i = 0; i < small; i++) {
        names[i] = malloc(16);
        snprintf(names[i], 16, "c%d", i + 1);
    }

    printf("ready\n");
    fflush(stdout);

    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "round", 5) != 0)
            break;
        double t;
        volatile unsigned sink = 0;

        t = now_ns();
        for (long i = 0; i < n_name; i++) {
            const char *s = virDomainCheckpointGetName(cp);
            if (!s) die("GetName");
            sink += (unsigned char)s[0];
        }
        printf("get_name %.1f\n", (now_ns() - t) / n_name);

        t = now_ns();
        for (long i = 0; i < n_parent; i++) {
            virDomainCheckpointPtr p = virDomainCheckpointGetParent(cp, 0);
            if (!p) die("GetParent");
            virDomainCheckpointFree(p);
        }
        printf("get_parent %.1f\n", (now_ns() - t) / n_parent);

        t = now_ns();
        for (long i = 0; i < n_xml; i++) {
            char *x = virDomainCheckpointGetXMLDesc(cp, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN);
            if (!x) die("GetXMLDesc");
            free(x);
        }
        printf("get_xml_description %.1f\n", (now_ns() - t) / n_xml);

        t = now_ns();
        for (long i = 0; i < n_lookup; i++) {
            virDomainCheckpointPtr c = virDomainCheckpointLookupByName(ds, names[i % small], 0);
            if (!c) die("LookupByName");
            virDomainCheckpointFree(c);
        }
        printf("get_checkpoint_by_name %.1f\n", (now_ns() - t) / n_lookup);

        struct { const char *op; long n; virDomainPtr d; virDomainCheckpointPtr root; } lists[] = {
            { "list_all_checkpoints_200", n_ls, ds, NULL },
            { "list_all_checkpoints_2000", n_ll, dl, NULL },
            { "list_all_children_200", n_cs, NULL, root_s },
            { "list_all_children_2000", n_cl, NULL, root_l },
        };
        for (int k = 0; k < 4; k++) {
            t = now_ns();
            for (long i = 0; i < lists[k].n; i++) {
                virDomainCheckpointPtr *l = NULL;
                int n = lists[k].d
                    ? virDomainListAllCheckpoints(lists[k].d, &l, 0)
                    : virDomainCheckpointListAllChildren(lists[k].root, &l,
                                                         VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS);
                if (n < 0) die("list");
                free_list(l, n);
            }
            printf("%s %.1f\n", lists[k].op, (now_ns() - t) / lists[k].n);
        }

        double tc = 0, td = 0;
        for (long i = 0; i < n_create; i++) {
            double t0 = now_ns();
            virDomainCheckpointPtr c = virDomainCheckpointCreateXML(
                dscratch, "<domaincheckpoint><name>scratch</name></domaincheckpoint>", 0);
            double t1 = now_ns();
            if (!c) die("CreateXML");
            if (virDomainCheckpointDelete(c, 0) < 0) die("Delete");
            double t2 = now_ns();
            virDomainCheckpointFree(c);
            tc += t1 - t0;
            td += t2 - t1;
        }
        printf("create_checkpoint %.1f\n", tc / n_create);
        printf("delete %.1f\n", td / n_create);

        t = now_ns();
        for (long i = 0; i < n_const; i++)
            sink += VIR_DOMAIN_CHECKPOINT_LIST_LEAVES;
        printf("constant %.1f\n", (now_ns() - t) / n_const);
        (void)sink;

        printf("end\n");
        fflush(stdout);
    }
    return 0;
}
