/*
 * bench/floor.c: the floor for bench/run.pl -- the same checkpoint workload as the Perl
 * workers, made as direct libvirt calls from C (no Perl at all).
 *
 * Built by bench/run.pl:  cc -O2 -o floor floor.c $(pkg-config --cflags --libs libvirt)
 *
 * Protocol (same as the Perl workers in run.pl): the arguments are the sizes of the two
 * checkpoint trees it builds (0 0: none, for a process that only serves create_checkpoint
 * requests); after setup it prints "ready". Then each line "run OP N" on
 * stdin makes N calls of operation OP and prints "OP NS_PER_OP" (create_checkpoint also
 * prints "delete NS_PER_OP"), then "end"; anything else (or EOF) exits. run.pl sends the
 * same requests to all three implementations, so they make exactly the same calls.
 * Operations: get_name get_parent get_xml_description get_checkpoint_by_name
 * list_all_checkpoints_small list_all_checkpoints_large list_all_children_small
 * list_all_children_large create_checkpoint constant.
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
    if (argc != 3) {
        fprintf(stderr, "usage: floor SMALL LARGE   (tree sizes, 0 0 for create_checkpoint only;"
                        " then requests on stdin)\n");
        return 2;
    }
    int small = atoi(argv[1]), large = atoi(argv[2]);

    virSetErrorFunc(NULL, quiet);
    virConnectPtr conn = virConnectOpen("test:///default");
    if (!conn) die("virConnectOpen");
    virDomainPtr test = virDomainLookupByName(conn, "test");
    if (!test) die("virDomainLookupByName");
    /* Trees of 0 and 0: a scratch process, for create_checkpoint requests only. */
    int scratch_only = small == 0 && large == 0;
    virDomainPtr ds = NULL, dl = NULL, dscratch = test;
    virDomainCheckpointPtr cp = NULL, root_s = NULL, root_l = NULL;
    char **names = NULL;
    if (!scratch_only) {
        if (small < 1 || large < 1) die("tree sizes");
        ds = new_domain(conn, test, "bench_small");
        dl = new_domain(conn, test, "bench_large");
        make_chain(ds, small);
        make_chain(dl, large);

        char mid[32];
        snprintf(mid, sizeof mid, "c%d", small / 2);
        cp = virDomainCheckpointLookupByName(ds, mid, 0);
        root_s = virDomainCheckpointLookupByName(ds, "c1", 0);
        root_l = virDomainCheckpointLookupByName(dl, "c1", 0);
        if (!cp || !root_s || !root_l) die("lookup");
        /* the names looked up, cycling over the small tree */
        names = malloc(sizeof(char *) * small);
        for (int i = 0; i < small; i++) {
            names[i] = malloc(16);
            snprintf(names[i], 16, "c%d", i + 1);
        }
    }

    /* the new checkpoints of create_checkpoint requests: scratch0 .. scratch64 */
    char scratch_xml[65][64];
    for (int i = 0; i <= 64; i++)
        snprintf(scratch_xml[i], sizeof scratch_xml[i],
                 "<domaincheckpoint><name>scratch%d</name></domaincheckpoint>", i);

    printf("ready\n");
    fflush(stdout);

    /* One operation per request: "run OP N" makes N calls of OP and prints "OP NS_PER_OP"
     * (for create_checkpoint, N new checkpoints and then the delete of each, newest first,
     * also "delete NS_PER_OP"), then "end". */
    char line[128];
    while (fgets(line, sizeof line, stdin)) {
        char op[64];
        long n;
        if (sscanf(line, "run %63s %ld", op, &n) != 2 || n < 1)
            break;
        if (scratch_only && strcmp(op, "create_checkpoint")) {
            fprintf(stderr, "floor: a scratch process (trees 0 0) only creates and deletes\n");
            return 1;
        }
        double t = now_ns();
        volatile unsigned sink = 0;

        if (!strcmp(op, "get_name")) {
            for (long i = 0; i < n; i++) {
                const char *s = virDomainCheckpointGetName(cp);
                if (!s) die("GetName");
                sink += (unsigned char)s[0];
            }
        } else if (!strcmp(op, "get_parent")) {
            for (long i = 0; i < n; i++) {
                virDomainCheckpointPtr p = virDomainCheckpointGetParent(cp, 0);
                if (!p) die("GetParent");
                virDomainCheckpointFree(p);
            }
        } else if (!strcmp(op, "get_xml_description")) {
            for (long i = 0; i < n; i++) {
                char *x = virDomainCheckpointGetXMLDesc(cp, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN);
                if (!x) die("GetXMLDesc");
                free(x);
            }
        } else if (!strcmp(op, "get_checkpoint_by_name")) {
            for (long i = 0; i < n; i++) {
                virDomainCheckpointPtr c = virDomainCheckpointLookupByName(ds, names[i % small], 0);
                if (!c) die("LookupByName");
                virDomainCheckpointFree(c);
            }
        } else if (!strncmp(op, "list_all_", 9)) {
            int big = strstr(op, "_large") != NULL;
            int children = !strncmp(op, "list_all_children", 17);
            for (long i = 0; i < n; i++) {
                virDomainCheckpointPtr *l = NULL;
                int m = children
                    ? virDomainCheckpointListAllChildren(big ? root_l : root_s, &l,
                                                         VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS)
                    : virDomainListAllCheckpoints(big ? dl : ds, &l, 0);
                if (m < 0) die("list");
                free_list(l, m);
            }
        } else if (!strcmp(op, "create_checkpoint")) {
            /* as in run.pl: n new checkpoints, then each deleted, newest first */
            virDomainCheckpointPtr made[64];
            double tc = 0, td = 0;
            if (n > 64) die("at most 64 checkpoints per slice");
            for (long i = 0; i < n; i++) {
                double t0 = now_ns();
                made[i] = virDomainCheckpointCreateXML(dscratch, scratch_xml[i + 1], 0);
                tc += now_ns() - t0;
                if (!made[i]) die("CreateXML");
            }
            for (long i = n - 1; i >= 0; i--) {
                double t0 = now_ns();
                int rc = virDomainCheckpointDelete(made[i], 0);
                td += now_ns() - t0;
                if (rc < 0) die("Delete");
                virDomainCheckpointFree(made[i]);
            }
            printf("create_checkpoint %.1f\ndelete %.1f\nend\n", tc / n, td / n);
            fflush(stdout);
            continue;
        } else if (!strcmp(op, "constant")) {
            for (long i = 0; i < n; i++)
                sink += VIR_DOMAIN_CHECKPOINT_LIST_LEAVES;
        } else {
            fprintf(stderr, "floor: unknown operation %s\n", op);
            return 1;
        }
        (void)sink;
        printf("%s %.1f\nend\n", op, (now_ns() - t) / n);
        fflush(stdout);
    }
    return 0;
}
