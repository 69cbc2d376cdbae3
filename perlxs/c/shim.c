/*
 * perlxs shim: the Perl API used by the perlxs crate, as plain C functions.
 *
 * Most of perl's documented API is macros over the interpreter structure (this perl is
 * threaded, so each takes the interpreter as its first argument). Rust cannot expand those
 * macros, so each one it needs is wrapped here once. Nothing here knows about libvirt.
 */
#define PERL_NO_GET_CONTEXT
#include "EXTERN.h"
#include "perl.h"
#include "XSUB.h"
#include <pthread.h>
#include <fcntl.h>

/* ---- the argument stack of an XSUB ---- */

/* What an XSUB needs of perl's argument stack, so that Rust can read arguments and write
 * return values without a call per value: the interpreter (through which Rust reads
 * PL_stack_base, PL_stack_sp and PL_stack_max on every use, at the offsets that
 * pbx_offsetof_stack reports: EXTEND may move the stack), the index of ST(0) and the
 * argument count. */
struct pbx_frame {
    PerlInterpreter *perl;
    I32 ax;
    I32 items;
    /* ST(0) as a handle object, when it plainly is one (a reference, without get-magic, to
     * a blessed PVMG whose first magic is ext magic): that magic's vtable and its handle,
     * so that the method's object check needs no further call. NULL vtable otherwise. */
    const MGVTBL *self_vtbl;
    void *self_ptr;
    /* Whether converting the arguments may run Perl code (see pbx_args_volatile). */
    int volatile_args;
};

/* Whether reading this call's arguments can run Perl code, which could free or change what
 * the call has already read: an argument with get-magic (tied, or any other magic), a
 * reference that is not a plain object (a hash or array whose elements may be tied, or an
 * object whose class overloads conversions), or a __WARN__ handler, which a conversion's
 * warning would call. Plain strings, numbers and this module's objects never run code. */
static int pbx_args_volatile(pTHX_ SV **args, I32 items)
{
    I32 i;
    if (PL_warnhook && PL_warnhook != PERL_WARNHOOK_FATAL)
        return 1;
    for (i = 0; i < items; i++) {
        SV *a = args[i];
        if (SvGMAGICAL(a))
            return 1;
        if (SvROK(a)) {
            SV *t = SvRV(a);
            if (!SvOBJECT(t) || HvAMAGIC(SvSTASH(t)) || SvGMAGICAL(t))
                return 1;
        }
    }
    return 0;
}

/* What dXSARGS does: pop this call's mark, and describe the frame. */
void pbx_xs_begin(pTHX_ struct pbx_frame *f)
{
    dXSARGS;
    PERL_UNUSED_VAR(mark);
    f->perl = my_perl;
    f->ax = ax;
    f->items = items;
    f->self_vtbl = NULL;
    f->self_ptr = NULL;
    /* A lone invocant runs no code before the call (the only warning, for a non-object, is
     * given after it), so only calls with more arguments are looked at. */
    f->volatile_args = items > 1 ? pbx_args_volatile(aTHX_ &ST(0), items) : 0;
    if (items > 0) {
        SV *rv = ST(0);
        if (!SvGMAGICAL(rv) && SvROK(rv)) {
            SV *obj = SvRV(rv);
            if (SvOBJECT(obj) && SvTYPE(obj) == SVt_PVMG) {
                MAGIC *mg = SvMAGIC(obj);
                if (mg && mg->mg_type == PERL_MAGIC_ext) {
                    f->self_vtbl = mg->mg_virtual;
                    f->self_ptr = (void *)mg->mg_ptr;
                }
            }
        }
    }
}


/* Makes room for n return values starting at ST(0); the stack may move. */
void pbx_extend(pTHX_ I32 ax, SSize_t n)
{
    SV **sp = PL_stack_base + ax - 1;
    EXTEND(sp, n);
}




/* ---- boot ---- */

/* The start of a boot function: checks the perl API version this shim was built against
 * and pops the mark. Returns ax for pbx_boot_end. */
I32 pbx_boot_begin(pTHX_ CV *cv)
{
    dXSBOOTARGSAPIVERCHK;
    PERL_UNUSED_VAR(cv);
    PERL_UNUSED_VAR(items);
    return ax;
}

void pbx_boot_end(pTHX_ I32 ax) { Perl_xs_boot_epilog(aTHX_ ax); }

/* Registers an XSUB with its prototype (NULL for none), as xsubpp's newXSproto does. */
CV *pbx_new_xs(pTHX_ const char *name, XSUBADDR_t fn, const char *file, const char *proto)
{
    return newXS_flags(name, fn, file, proto, 0);
}

/* Flags an XSUB DESTROY as constant (CvCONST) without a constant value: perl's curse()
 * then does not call it when objects are freed, while calls by name still run it. The
 * NULL CvXSUBANY keeps cv_const_sv() from treating it as a foldable constant. */
void pbx_cv_mark_skippable_destructor(CV *cv)
{
    CvXSUBANY(cv).any_ptr = NULL;
    CvCONST_on(cv);
}

/* The name is taken with its length and need not be NUL-terminated: it is copied with a
 * NUL first, since newCONSTSUB_flags hands it on to code that reads it as a C string (its
 * check for BEGIN, END and the like looks for the last ':' with strrchr), which would read
 * on past the name into whatever follows it. */
void pbx_new_const(pTHX_ HV *stash, const char *name, STRLEN len, SV *value)
{
    char buf[128];
    if (len < sizeof buf) {
        memcpy(buf, name, len);
        buf[len] = '\0';
        newCONSTSUB_flags(stash, buf, len, 0, value);
    } else {
        char *copy = savepvn(name, len);
        newCONSTSUB_flags(stash, copy, len, 0, value);
        Safefree(copy);
    }
}

/* ---- scalars ---- */

UV pbx_sv_uv(pTHX_ SV *sv) { return SvUV(sv); }
IV pbx_sv_iv(pTHX_ SV *sv) { return SvIV(sv); }
NV pbx_sv_nv(pTHX_ SV *sv) { return SvNV(sv); }
int pbx_sv_true(pTHX_ SV *sv) { return SvTRUE(sv) ? 1 : 0; }
int pbx_sv_ok(pTHX_ SV *sv) { SvGETMAGIC(sv); return SvOK(sv) ? 1 : 0; }

/* SvPV: Perl's internal bytes (UTF-8 for upgraded strings), with get-magic. */
const char *pbx_sv_pv(pTHX_ SV *sv, STRLEN *len) { return SvPV(sv, *len); }
/* SvPV copied into a new mortal scalar: the bytes stay as they are until the caller's
 * statement ends, whatever Perl code runs meanwhile (the copy is NUL-terminated). */
const char *pbx_sv_pv_copy(pTHX_ SV *sv, STRLEN *len)
{
    const char *p = SvPV(sv, *len);
    SV *copy = newSVpvn_flags(p, *len, SVs_TEMP);
    return SvPVX(copy);
}
/* The same without get-magic (when it already ran for this argument). */
const char *pbx_sv_pv_nomg(pTHX_ SV *sv, STRLEN *len) { return SvPV_nomg(sv, *len); }

SV *pbx_new_sv(pTHX) { return newSV(0); }
SV *pbx_new_iv(pTHX_ IV v) { return newSViv(v); }
SV *pbx_new_uv(pTHX_ UV v) { return newSVuv(v); }
SV *pbx_new_nv(pTHX_ NV v) { return newSVnv(v); }
SV *pbx_new_pvn(pTHX_ const char *s, STRLEN len) { return newSVpvn(s, len); }
SV *pbx_mortal(pTHX_ SV *sv) { return sv_2mortal(sv); }
/* A byte string in the XSUB's target (dXSTARG: the calling op's pad scalar, or a new mortal
 * when the op has none), as XS's PUSHp returns a string: no new SV per call. The UTF-8 flag
 * is cleared, since a target may hold an earlier value. */
SV *pbx_targ_pvn(pTHX_ const char *s, STRLEN len)
{
    dXSTARG;
    /* The usual case, a plain string target whose buffer is big enough (it held the last
     * value returned this way): copy the bytes in, as sv_setpvn would, without its checks
     * for upgrading, growing, copy-on-write and magic. Anything else goes through
     * sv_setpvn. */
    if (SvTYPE(TARG) >= SVt_PV && SvTYPE(TARG) <= SVt_PVMG
        && !(SvFLAGS(TARG) & (SVf_THINKFIRST | SVf_OOK | SVs_GMG | SVs_SMG | SVs_RMG))
        && SvPVX(TARG) && SvLEN(TARG) > len) {
        char *d = SvPVX(TARG);
        Copy(s, d, len, char);
        d[len] = '\0';
        SvCUR_set(TARG, len);
        SvPOK_only(TARG);
        SvTAINT(TARG);
        return TARG;
    }
    sv_setpvn(TARG, s, len);
    SvUTF8_off(TARG);
    SvSETMAGIC(TARG);
    return TARG;
}
/* An integer in the XSUB's target, as XS's PUSHi and PUSHu return one (TARGi, TARGu): no
 * new SV per call, and none for the statement's end to free. The usual case, a calling op
 * with a target that is a plain integer scalar (it held the last value returned this way),
 * is set in place as TARGi does, with nothing to save or restore; anything else (no target:
 * a new mortal; any other kind of scalar; taint mode with tainted data) goes through
 * sv_setiv_mg / sv_setuv_mg, out of line. */
#define PBX_TARG_PLAIN_IV(targ) \
    (((SvFLAGS(targ) & (SVTYPEMASK | SVf_THINKFIRST | SVf_IVisUV)) == SVt_IV) & !TAINT_get)
static SV *pbx_targ_iv_slow(pTHX_ IV v) __attribute__((noinline));
static SV *pbx_targ_iv_slow(pTHX_ IV v)
{
    dXSTARG;
    TARGi(v, 1);
    return TARG;
}
static SV *pbx_targ_uv_slow(pTHX_ UV v) __attribute__((noinline));
static SV *pbx_targ_uv_slow(pTHX_ UV v)
{
    dXSTARG;
    TARGu(v, 1);
    return TARG;
}
SV *pbx_targ_iv(pTHX_ IV v)
{
    if (PL_op->op_private & OPpENTERSUB_HASTARG) {
        SV *targ = PAD_SV(PL_op->op_targ);
        if (LIKELY(PBX_TARG_PLAIN_IV(targ))) {
            SvFLAGS(targ) |= (SVf_IOK | SVp_IOK);
            targ->sv_u.svu_iv = v;
            return targ;
        }
    }
    return pbx_targ_iv_slow(aTHX_ v);
}
/* TARGu's fast path: a UV that fits in an IV is stored as one; a larger one needs IVisUV. */
SV *pbx_targ_uv(pTHX_ UV v)
{
    if (v <= (UV)IV_MAX && (PL_op->op_private & OPpENTERSUB_HASTARG)) {
        SV *targ = PAD_SV(PL_op->op_targ);
        if (LIKELY(PBX_TARG_PLAIN_IV(targ))) {
            SvFLAGS(targ) |= (SVf_IOK | SVp_IOK);
            targ->sv_u.svu_iv = (IV)v;
            return targ;
        }
    }
    return pbx_targ_uv_slow(aTHX_ v);
}
SV *pbx_undef(pTHX) { return &PL_sv_undef; }
void pbx_refcnt_dec(pTHX_ SV *sv) { SvREFCNT_dec(sv); }

/* ---- references, hashes, arrays, classes ---- */

int pbx_sv_rok(SV *sv) { return SvROK(sv) ? 1 : 0; }
SV *pbx_sv_rv(SV *sv) { return SvRV(sv); }
int pbx_sv_type(SV *sv) { return (int)SvTYPE(sv); }
int pbx_svt_pvhv(void) { return (int)SVt_PVHV; }
SV *pbx_new_rv_noinc(pTHX_ SV *sv) { return newRV_noinc(sv); }
HV *pbx_stash(pTHX_ const char *name, STRLEN len) { return gv_stashpvn(name, len, GV_ADD); }
SV *pbx_bless(pTHX_ SV *rv, HV *stash) { return sv_bless(rv, stash); }
/* The class an object was blessed into (NULL if none). */
const char *pbx_sv_reftype_name(pTHX_ SV *rv)
{
    if (!SvROK(rv) || !SvOBJECT(SvRV(rv)))
        return NULL;
    return HvNAME(SvSTASH(SvRV(rv)));
}

HV *pbx_new_hv(pTHX) { return newHV(); }
void pbx_hv_store(pTHX_ HV *hv, const char *key, I32 klen, SV *val)
{
    if (!hv_store(hv, key, klen, val, 0))
        SvREFCNT_dec(val);
}
AV *pbx_new_av(pTHX) { return newAV(); }
void pbx_av_push(pTHX_ AV *av, SV *val) { av_push(av, val); }
/* A new reference to a new hash of n keys and values (taking over each value's count):
 * one call for a whole struct's worth of fields. */
SV *pbx_new_hash_ref(pTHX_ const char *const *keys, const I32 *lens, SV *const *vals, size_t n)
{
    HV *hv = newHV();
    size_t i;
    for (i = 0; i < n; i++)
        if (!hv_store(hv, keys[i], lens[i], vals[i], 0))
            SvREFCNT_dec(vals[i]);
    return newRV_noinc((SV *)hv);
}
int pbx_hv_exists(pTHX_ HV *hv, const char *key, I32 klen)
{
    return hv_exists(hv, key, klen) ? 1 : 0;
}
SV *pbx_hv_fetch(pTHX_ HV *hv, const char *key, I32 klen)
{
    SV **svp = hv_fetch(hv, key, klen, 0);
    return svp ? *svp : NULL;
}

/* The array rv refers to (after rv's get-magic), held until the caller's statement ends so
 * that code run while its elements are read cannot free it; NULL if rv is not a reference
 * to an array. */
AV *pbx_sv_array(pTHX_ SV *rv)
{
    SV *target;
    SvGETMAGIC(rv);
    if (!SvROK(rv))
        return NULL;
    target = SvRV(rv);
    if (SvTYPE(target) != SVt_PVAV)
        return NULL;
    sv_2mortal(SvREFCNT_inc_simple_NN(target));
    return (AV *)target;
}
/* The number of elements (a tied array's FETCHSIZE runs). */
SSize_t pbx_av_count(pTHX_ AV *av) { return av_top_index(av) + 1; }
/* Element i, or NULL where there is none (a tied array's element is a mortal proxy whose
 * get-magic runs FETCH). */
SV *pbx_av_fetch(pTHX_ AV *av, SSize_t i)
{
    SV **svp = av_fetch(av, i, 0);
    return svp ? *svp : NULL;
}
/* Keeps sv alive until the caller's statement ends. */
void pbx_hold(pTHX_ SV *sv) { sv_2mortal(SvREFCNT_inc_simple_NN(sv)); }

/* n zeroed bytes owned by a new mortal scalar: freed when the caller's statement ends, or
 * when perl unwinds past it after a die, so that memory a call needs while it converts its
 * arguments is never lost to a die in one of the conversions. */
void *pbx_scratch(pTHX_ size_t n)
{
    SV *sv = sv_2mortal(newSV(n ? n : 1));
    char *p = SvPVX(sv);
    Zero(p, n ? n : 1, char);
    return p;
}

/* ---- calling Perl code from C callbacks ---- */

/* Calls the code cv with the n arguments (pushed as they are), trapping any die (G_EVAL),
 * so that no longjmp crosses the C frames the caller is inside (libvirt's, when a stream
 * handler runs). Up to max of its results (in list context when want_list, else one) are
 * copied into out as new values the caller owns; the rest are dropped. On a die, *err gets a
 * copy of $@ and 0 is returned; otherwise *err is NULL and the number of results is. */
int pbx_call_eval(pTHX_ SV *cv, SV **args, int n, int want_list, SV **out, int max, SV **err)
{
    dSP;
    int count, i;
    ENTER;
    SAVETMPS;
    PUSHMARK(SP);
    EXTEND(SP, n);
    for (i = 0; i < n; i++)
        PUSHs(args[i]);
    PUTBACK;
    /* No result wanted: void context, as the reference's G_DISCARD calls give. */
    count = call_sv(cv, (want_list ? G_LIST : max == 0 ? G_VOID : G_SCALAR) | G_EVAL);
    SPAGAIN;
    *err = NULL;
    if (SvTRUE(ERRSV)) {
        *err = newSVsv(ERRSV);
        SP -= count;
        count = 0;
    } else {
        for (i = count - 1; i >= 0; i--) {
            SV *v = POPs;
            if (i < max)
                out[i] = newSVsv(v);
        }
        if (count > max)
            count = max;
    }
    PUTBACK;
    FREETMPS;
    LEAVE;
    return count;
}

/* Sets sv to the n bytes at p, as a byte string (no UTF-8 flag, which sv_setpvn would keep
 * from an earlier value), with set-magic. */
void pbx_sv_set_bytes(pTHX_ SV *sv, const char *p, STRLEN n)
{
    sv_setpvn(sv, p, n);
    SvUTF8_off(sv);
    SvSETMAGIC(sv);
}

/* ---- dying and warning ---- */

void pbx_croak_sv(pTHX_ SV *sv) { croak_sv(sv); }
void pbx_warn_sv(pTHX_ SV *sv) { warn_sv(sv); }
void pbx_croak_xs_usage(CV *cv, const char *params) { croak_xs_usage(cv, params); }
/* "Package::name" of an XSUB, as a new mortal SV. */
SV *pbx_cv_name(pTHX_ CV *cv)
{
    SV *name = sv_newmortal();
    GV *gv = CvGV(cv);
    if (gv)
        gv_efullname4(name, gv, NULL, FALSE);
    else
        sv_setpvs(name, "__ANON__");
    return name;
}

/* ---- handles kept in ext magic ---- */

/* Which process an object was made in. After fork, the child holds copies of the parent's
 * objects; releasing their handles there could act on state the parent still uses (a
 * remote connection's socket is shared, and closing it in the child closes the parent's
 * session). Each object records this counter in its MAGIC's mg_private; the child
 * increments it, so objects it inherited are recognised and left alone when it frees them. */
static volatile U16 pbx_process_generation = 0;

static void pbx_after_fork_in_child(void) { pbx_process_generation++; }

static void pbx_register_fork_handler(void)
{
    pthread_atfork(NULL, NULL, pbx_after_fork_in_child);
}

void pbx_track_forks(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, pbx_register_fork_handler);
}

/* True when the object owning mg was made by another (parent) process. */
int pbx_mg_inherited(MAGIC *mg) { return mg->mg_private != pbx_process_generation; }

/* The handle magic of an object reference, for the vtable that marks its kind (its mg_ptr
 * is the handle, NULL once released). *status: 0 found, 1 not a blessed scalar reference,
 * 2 a blessed scalar reference that is not of this kind. With hold set, the object is kept
 * alive until the caller's statement ends (a new count, made mortal), so that Perl code run
 * by a later conversion cannot free it, or its handle, under the call. */
static MAGIC *handle_of(pTHX_ SV *rv, const MGVTBL *vtbl, int hold, int *status);

MAGIC *pbx_handle(pTHX_ SV *rv, const MGVTBL *vtbl, int hold, int *status)
{
    /* sv_isobject, without its call when no get-magic is involved */
    if (SvGMAGICAL(rv) ? !sv_isobject(rv) : !(SvROK(rv) && SvOBJECT(SvRV(rv)))) {
        *status = 1;
        return NULL;
    }
    return handle_of(aTHX_ rv, vtbl, hold, status);
}

/* pbx_handle for a value whose get-magic already ran: no Perl code runs. */
MAGIC *pbx_handle_nomg(pTHX_ SV *rv, const MGVTBL *vtbl, int *status)
{
    if (!(SvROK(rv) && SvOBJECT(SvRV(rv)))) {
        *status = 1;
        return NULL;
    }
    return handle_of(aTHX_ rv, vtbl, 0, status);
}

static MAGIC *handle_of(pTHX_ SV *rv, const MGVTBL *vtbl, int hold, int *status)
{
    SV *obj;
    MAGIC *mg;
    obj = SvRV(rv);
    if (SvTYPE(obj) != SVt_PVMG) {
        *status = 1;
        return NULL;
    }
    /* Our magic is normally the only one: check it before searching the chain. */
    mg = SvMAGIC(obj);
    if (!(mg && mg->mg_virtual == vtbl && mg->mg_type == PERL_MAGIC_ext))
        mg = SvMAGICAL(obj) ? mg_findext(obj, PERL_MAGIC_ext, vtbl) : NULL;
    if (!mg) {
        *status = 2;
        return NULL;
    }
    *status = 0;
    if (hold)
        sv_2mortal(SvREFCNT_inc_simple_NN(obj));
    return mg;
}

/* Keeps the object rv refers to alive until the caller's statement ends. */
void pbx_hold_referent(pTHX_ SV *rv)
{
    sv_2mortal(SvREFCNT_inc_simple_NN(SvRV(rv)));
}

/* Where MAGIC keeps mg_ptr, so that Rust can read a handle without a call. */
size_t pbx_offsetof_mg_ptr(void) { return offsetof(MAGIC, mg_ptr); }
/* Where the interpreter keeps PL_stack_sp (0), PL_stack_base (1) and PL_stack_max (2), so
 * that Rust can read and set them without a call. */
size_t pbx_offsetof_stack(int which)
{
    switch (which) {
    case 0: return offsetof(PerlInterpreter, Istack_sp);
    case 1: return offsetof(PerlInterpreter, Istack_base);
    default: return offsetof(PerlInterpreter, Istack_max);
    }
}

/* Takes the handle out of an object (for DESTROY): returns it and leaves NULL behind,
 * and zeroes the visible integer. Returns NULL if there was none, or if the object was
 * inherited from a parent process (whose handle is not this process's to release). */
void *pbx_take_handle(pTHX_ SV *rv, const MGVTBL *vtbl)
{
    SV *obj;
    MAGIC *mg;
    void *ptr;
    if (!SvROK(rv))
        return NULL;
    obj = SvRV(rv);
    mg = SvMAGICAL(obj) ? mg_findext(obj, PERL_MAGIC_ext, vtbl) : NULL;
    if (!mg)
        return NULL;
    ptr = pbx_mg_inherited(mg) ? NULL : (void *)mg->mg_ptr;
    mg->mg_ptr = NULL;
    if (!SvREADONLY(obj))
        sv_setiv(obj, 0);
    return ptr;
}

void *pbx_mg_ptr(MAGIC *mg) { return (void *)mg->mg_ptr; }

/* The head of the Rust HandleKind (#[repr(C)]): its vtable, then how to drop one
 * reference on a handle of that kind. */
struct pbx_kind_head {
    MGVTBL vtbl;
    int (*release)(void *);
};

/* svt_free of handle magic, run for every object perl frees: drops the object's reference
 * unless DESTROY already did (NULL handle) or the object was inherited from a parent
 * process through fork (its reference is the parent's). */
int pbx_svt_free(pTHX_ SV *sv, MAGIC *mg)
{
    void *ptr = (void *)mg->mg_ptr;
    PERL_UNUSED_VAR(sv);
    mg->mg_ptr = NULL;
    if (ptr && !pbx_mg_inherited(mg))
        ((const struct pbx_kind_head *)mg->mg_virtual)->release(ptr);
    return 0;
}

void pbx_mg_clear_ptr(MAGIC *mg) { mg->mg_ptr = NULL; }
const MGVTBL *pbx_mg_vtbl(MAGIC *mg) { return mg->mg_virtual; }

size_t pbx_sizeof_mgvtbl(void) { return sizeof(MGVTBL); }

/* ---- freeing handle objects without perl's magic machinery ---- */

/* Every handle object carries one MAGIC, which perl allocates and frees one by one. A list
 * call makes and later frees thousands of them, and glibc's bookkeeping for that many small
 * frees (and the consolidation of its fast bins when libvirt's next list asks for a large
 * block) costs more than the rest of an object's life. So MAGICs freed by the destroy hook
 * below go to a per-thread pool that the next objects take from. They are still allocated
 * one by one with Newx, so a pooled or reused MAGIC is always one perl may Safefree itself
 * (through mg_free, when the hook did not run for its object). The pool is capped, and
 * emptied when its thread ends. */
#ifdef PERL_TRACK_MEMPOOL
/* Such a perl (a debugging build) keeps each Newx block on its interpreter's list, so a
 * block must not outlive the interpreter or be freed outside it: no pool there. */
#  undef PBX_POOL_MAX
#  define PBX_POOL_MAX 0
#elif !defined(PBX_POOL_MAX)
#  define PBX_POOL_MAX 4096
#endif

struct pbx_pool {
    MAGIC *head; /* linked through mg_moremagic */
    unsigned len;
    int keyed; /* the thread-exit destructor is armed for this thread */
};

static __thread struct pbx_pool pbx_pool;
static pthread_key_t pbx_pool_key;

static void pbx_pool_drain(struct pbx_pool *pool)
{
    MAGIC *mg = pool->head;
    while (mg) {
        MAGIC *next = mg->mg_moremagic;
        Safefree(mg);
        mg = next;
    }
    pool->head = NULL;
    pool->len = 0;
}

/* The pthread key's destructor: runs when a thread that pooled MAGICs ends. */
static void pbx_pool_thread_end(void *unused)
{
    PERL_UNUSED_VAR(unused);
    pbx_pool_drain(&pbx_pool);
    pbx_pool.keyed = 0;
}

static void pbx_pool_put(struct pbx_pool *pool, MAGIC *mg)
{
    if (pool->len >= PBX_POOL_MAX) {
        Safefree(mg);
        return;
    }
    if (!pool->keyed) {
        pool->keyed = 1;
        pthread_setspecific(pbx_pool_key, (void *)1);
    }
    mg->mg_moremagic = pool->head;
    pool->head = mg;
    pool->len++;
}

PERL_STATIC_INLINE MAGIC *pbx_pool_take(struct pbx_pool *pool)
{
    MAGIC *mg = pool->head;
    if (mg) {
        pool->head = mg->mg_moremagic;
        pool->len--;
        return mg;
    }
    Newx(mg, 1, MAGIC);
    return mg;
}

/* Whether a hash has its aux structure (a stash's holds its method-resolution data). */
#ifdef HvHasAUX
#  define PBX_HV_HAS_AUX(hv) HvHasAUX(hv)
#else
#  define PBX_HV_HAS_AUX(hv) SvOOK(hv)
#endif

/* Perl's PL_destroyhook, asked by curse() whether to look for and call DESTROY on an
 * object about to be freed. For a handle object whose only magic is its handle magic and
 * whose class's DESTROY is the module's constant one (which curse() would skip anyway),
 * it does what freeing the magic would do later in sv_clear: drops the handle's reference
 * (pbx_svt_free) and detaches the MAGIC, which goes to the pool instead of back to malloc.
 * sv_clear then finds no magic to free. Anything else (objects of other classes, a
 * subclass with its own DESTROY, a handle object with weak-reference or other magic, a
 * DESTROY cache not yet filled) is left to perl, as without the hook.
 * The hook is installed only over perl's default one, which always answers true: if a
 * module later installs its own (threads::shared does, without chaining), handle objects
 * are freed through their magic as before. */
static bool pbx_destroy_hook(pTHX_ SV *sv)
{
    MAGIC *mg;
    HV *stash;
    struct mro_meta *meta;
    if (SvTYPE(sv) != SVt_PVMG || !(mg = SvMAGIC(sv)) || mg->mg_moremagic
        || mg->mg_type != PERL_MAGIC_ext || !mg->mg_virtual
        || mg->mg_virtual->svt_free != pbx_svt_free)
        return TRUE;
    stash = SvSTASH(sv);
    if (!stash || !PBX_HV_HAS_AUX(stash) || !(meta = HvAUX(stash)->xhv_mro_meta)
        || !meta->destroy_gen || meta->destroy_gen != PL_sub_generation
        || !meta->destroy || !CvCONST(meta->destroy))
        return TRUE;
    SvMAGIC_set(sv, NULL);
    SvMAGICAL_off(sv);
    pbx_svt_free(aTHX_ sv, mg);
    pbx_pool_put(&pbx_pool, mg);
    return FALSE;
}

static void pbx_make_pool_key(void)
{
    pthread_key_create(&pbx_pool_key, pbx_pool_thread_end);
}

/* Installs the destroy hook in this interpreter (and so in threads cloned from it), if
 * perl's default hook is the one in place. */
void pbx_install_destroy_hook(pTHX)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, pbx_make_pool_key);
    if (PL_destroyhook == Perl_sv_destroyable)
        PL_destroyhook = pbx_destroy_hook;
}

/* A new scalar holding ptr as an integer, with the handle magic attached: the referent of
 * a handle object. This is what newSViv + sv_magicext(PERL_MAGIC_ext) + MGf_DUP produce,
 * built directly (one SV body of the final type, one MAGIC, the flags mg_magical would set
 * for a vtable with neither get nor set: RMAGICAL), since a list call makes one per element. */
PERL_STATIC_INLINE SV *pbx_handle_sv(pTHX_ struct pbx_pool *pool, const MGVTBL *vtbl,
                                     void *ptr)
{
    SV *sv = newSV_type(SVt_PVMG);
    MAGIC *mg = pbx_pool_take(pool);
    SvIV_set(sv, PTR2IV(ptr));
    SvIOK_on(sv);
    mg->mg_moremagic = NULL;
    mg->mg_virtual = (MGVTBL *)vtbl;
    mg->mg_private = pbx_process_generation;
    mg->mg_type = PERL_MAGIC_ext;
    mg->mg_flags = MGf_DUP;
    mg->mg_len = 0;
    mg->mg_obj = NULL;
    mg->mg_ptr = (char *)ptr;
    SvMAGIC_set(sv, mg);
    SvRMAGICAL_on(sv);
    return sv;
}

/* A new mortal object: a reference, blessed into stash, to a new handle scalar holding
 * ptr. What newRV_noinc + sv_bless + sv_2mortal do for a fresh, unblessed, non-readonly
 * referent without set magic (sv_bless then only marks it an object of stash and counts the
 * reference to stash), written out so that a list of n objects costs no call per object.
 * The caller has made room for one more mortal (EXTEND_MORTAL). */
PERL_STATIC_INLINE SV *pbx_object(pTHX_ struct pbx_pool *pool, const MGVTBL *vtbl, void *ptr,
                                  HV *stash)
{
    SV *inner = pbx_handle_sv(aTHX_ pool, vtbl, ptr);
    SV *rv = newSV_type(SVt_IV);
    SvOBJECT_on(inner);
    SvSTASH_set(inner, MUTABLE_HV(SvREFCNT_inc_simple_NN(stash)));
    SvRV_set(rv, inner);
    SvROK_on(rv);
    PL_tmps_stack[++PL_tmps_ix] = rv;
    SvTEMP_on(rv);
    return rv;
}

SV *pbx_new_object(pTHX_ const MGVTBL *vtbl, void *ptr, HV *stash)
{
    EXTEND_MORTAL(1);
    return pbx_object(aTHX_ &pbx_pool, vtbl, ptr, stash);
}

/* A new object holding ptr, with a reference count of its own for the caller (not mortal). */
SV *pbx_new_object_owned(pTHX_ const MGVTBL *vtbl, void *ptr, HV *stash)
{
    SV *sv;
    EXTEND_MORTAL(1);
    sv = pbx_object(aTHX_ &pbx_pool, vtbl, ptr, stash);
    return SvREFCNT_inc_simple_NN(sv);
}

/* Writes n new mortal objects, one per handle in ptrs, to dst[0] .. dst[n-1] (stack room
 * the caller has made). Each object owns its handle's reference from then on. */
void pbx_new_objects(pTHX_ SV **dst, const MGVTBL *vtbl, void *const *ptrs, size_t n,
                     HV *stash)
{
    size_t i;
    struct pbx_pool *pool = &pbx_pool;
    EXTEND_MORTAL((SSize_t)n);
    for (i = 0; i < n; i++)
        dst[i] = pbx_object(aTHX_ pool, vtbl, ptrs[i], stash);
}


/* ---- callbacks that outlive the call that set them up ---- */

/* The interpreter current on this OS thread (NULL on a thread perl never ran on): a C
 * callback checks it against the interpreter that registered it before running Perl code. */
void *pbx_current_interp(void) { return (void *)PERL_GET_THX; }
/* A new scalar with a copy of sv's value (a new reference to the same thing, for a
 * reference), so that later assignments to the caller's variable do not change it. */
SV *pbx_new_sv_copy(pTHX_ SV *sv) { return newSVsv(sv); }
/* The sub named name ("Package::sub"), or NULL; perl owns it. */
SV *pbx_get_cv(pTHX_ const char *name) { return (SV *)get_cv(name, 0); }
/* A new unblessed reference to a new integer scalar holding v. */
SV *pbx_new_iv_ref(pTHX_ IV v) { return newRV_noinc(newSViv(v)); }
/* The integer a reference made by pbx_new_iv_ref holds: 1 and *out set for a reference
 * to a plain (non-reference) scalar, 0 otherwise. Runs no Perl code. */
int pbx_iv_ref_value(pTHX_ SV *rv, IV *out)
{
    SV *t;
    if (SvGMAGICAL(rv) || !SvROK(rv))
        return 0;
    t = SvRV(rv);
    if (SvTYPE(t) >= SVt_PVAV || SvROK(t) || SvGMAGICAL(t) || !SvIOK(t))
        return 0;
    *out = SvIVX(t);
    return 1;
}
/* A scope for temporaries made by C callback code outside any statement of its own. */
void pbx_enter_temps(pTHX) { ENTER; SAVETMPS; }
void pbx_leave_temps(pTHX) { FREETMPS; LEAVE; }
/* One more count on sv (returned). */
SV *pbx_refcnt_inc(SV *sv) { return SvREFCNT_inc_simple_NN(sv); }

/* ---- file handles ---- */

/* A new reference to an anonymous glob whose IO is a PerlIO handle on the descriptor fd,
 * which it takes over (perl closes it when the handle is freed or closed), made as the
 * typemaps' T_IN and T_INOUT outputs make theirs; opened for reading, writing or both as
 * the descriptor allows. NULL, with fd left open, if perl cannot make one. */
SV *pbx_fd_handle(pTHX_ int fd)
{
    int fl = fcntl(fd, F_GETFL);
    const char *mode, *how;
    PerlIO *fp;
    GV *gv;
    if (fl < 0)
        return NULL;
    switch (fl & O_ACCMODE) {
    case O_WRONLY: mode = "w"; how = ">&"; break;
    case O_RDWR: mode = "r+"; how = "+<&"; break;
    default: mode = "r"; how = "<&"; break;
    }
    fp = PerlIO_fdopen(fd, mode);
    if (!fp)
        return NULL;
    gv = (GV *)newSV(0);
    gv_init_pvn(gv, gv_stashpvs("Sys::Virt", GV_ADD), "__ANONIO__", 10, 0);
    /* "<&" with a supplied PerlIO and no further arguments takes that PerlIO as it is. */
    if (!do_open(gv, how, strlen(how), FALSE, 0, 0, fp)) {
        SvREFCNT_dec((SV *)gv);
        return NULL;
    }
    return newRV_noinc((SV *)gv);
}

/* A file descriptor given as a Perl value: the descriptor of a file handle (a glob, a
 * reference to one, or an IO object) with *kind 1, or the value read as a number with
 * *kind 0; *kind -1 for a handle without a descriptor (closed, tied or in-memory). Its
 * get-magic runs once. */
IV pbx_sv_fd(pTHX_ SV *sv, int *kind)
{
    SV *t = sv;
    IO *io = NULL;
    int fd;
    SvGETMAGIC(sv);
    if (SvROK(t))
        t = SvRV(t);
    if (isGV_with_GP(t))
        io = GvIO((GV *)t);
    else if (SvTYPE(t) == SVt_PVIO)
        io = (IO *)t;
    else {
        *kind = 0;
        return SvIV_nomg(sv);
    }
    if (!io || !IoIFP(io) || (SvRMAGICAL((SV *)io) && mg_find((SV *)io, PERL_MAGIC_tiedscalar))) {
        *kind = -1;
        return -1;
    }
    fd = PerlIO_fileno(IoIFP(io));
    *kind = fd < 0 ? -1 : 1;
    return fd;
}
