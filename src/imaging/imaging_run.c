/* SPDX-License-Identifier: MIT */
/*
 * imaging_run.c - running `folio _imaging` out of harm's way. The parent
 * writes the untrusted bytes into a fresh temp dir, forks, and the child
 * sets RLIMIT_AS / RLIMIT_CPU / RLIMIT_FSIZE / RLIMIT_CORE, asks to die
 * with its parent, and execs the folio binary (/proc/self/exe) - inside
 * `bwrap --unshare-all --die-with-parent --ro-bind / /` (only the temp dir
 * writable) when a probe run of bwrap works here. The parent reads the
 * child's stderr with a wall-clock deadline and SIGKILLs its process group
 * when it passes. Results come back as files in the temp dir (meta.json).
 *
 * Under AddressSanitizer RLIMIT_AS is left out (the shadow memory alone is
 * terabytes of address space); the CPU limit and timeout still apply.
 */
#include "base/compat.h"

#include "imaging/imaging.h"

#include "base/buf.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
# define IMAGING_NO_AS_LIMIT 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define IMAGING_NO_AS_LIMIT 1
# endif
#endif

#define STDERR_MAX 8192
#define MAX_ARGS   40

struct imaging_runner {
    struct imaging_limits lim;
    char exe[PATH_MAX];
    char bwrap[64];
    bool use_bwrap;
};

static int64_t now_ms(void);
static bool env_int(const char *name, int min, int max, int *out);
static void rm_tree(const char *path);
static const char *work_parent(const struct imaging_limits *lim);
static void sweep_stale(const char *parent);
static FOLIO_MUST_USE enum folio_rc write_file(const char *path,
                                               const void *data,
                                               size_t len,
                                               struct folio_err *err);
static size_t build_argv(const struct imaging_runner *r,
                         bool sandbox,
                         const char *work,
                         char *const *cmd,
                         const char **argv);
static FOLIO_MUST_USE enum folio_rc spawn_wait(const struct imaging_runner *r,
                                               const char **argv,
                                               int timeout_s,
                                               struct buf *errtext,
                                               int *status,
                                               bool *timed_out,
                                               struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc read_meta(const char *dir,
                                              const char *name,
                                              bool want_images,
                                              struct imaging_result *res,
                                              struct folio_err *err);

static int64_t now_ms(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool env_int(const char *name, int min, int max, int *out)
{
    const char *v = getenv(name);
    struct str s;
    int64_t n;

    if (!v || !v[0])
        return false;
    s.ptr = v;
    s.len = strlen(v);
    if (!str_to_i64(&s, &n) || s.len || n < min || n > max)
        return false;
    *out = (int)n;
    return true;
}

void imaging_limits_default(struct imaging_limits *lim)
{
    int v;

    memset(lim, 0, sizeof(*lim));
    lim->full_max_px = IMAGING_FULL_MAX_PX;
    lim->full_dpi = IMAGING_FULL_DPI;
    lim->max_pixels = IMAGING_MAX_PIXELS;
    lim->mem_bytes = IMAGING_MEM_BYTES;
    lim->cpu_seconds = IMAGING_CPU_SECONDS;
    lim->timeout_s = IMAGING_TIMEOUT_S;
    lim->sandbox = true;
    if (env_int("FOLIO_IMAGING_FULL_MAX_PX", IMAGING_SCREEN_WIDTH, 20000, &v))
        lim->full_max_px = v;
    if (env_int("FOLIO_IMAGING_FULL_DPI", 36, 1200, &v))
        lim->full_dpi = v;
    if (env_int("FOLIO_IMAGING_TIMEOUT_S", 1, 3600, &v)) {
        lim->timeout_s = v;
        lim->cpu_seconds = v;
    }
    if (env_int("FOLIO_IMAGING_SANDBOX", 0, 1, &v))
        lim->sandbox = v != 0;
}

/* Remove a tree this module made (no symlinks are followed). */
static void rm_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;

    if (d) {
        while ((e = readdir(d)) != NULL) {
            char *sub;
            struct stat sb;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            sub = xasprintf("%s/%s", path, e->d_name);
            if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
                rm_tree(sub);
            else
                (void)unlink(sub);
            free(sub);
        }
        (void)closedir(d);
    }
    (void)rmdir(path);
}

/* The folder the temp dirs go into (see imaging_limits.work_dir). */
static const char *work_parent(const struct imaging_limits *lim)
{
    const char *tmp = getenv("TMPDIR");

    if (lim->work_dir[0])
        return lim->work_dir;
    return tmp && tmp[0] ? tmp : "/tmp";
}

/*
 * Remove parent/folio-imaging-<pid>-* dirs of this user whose process is
 * gone (kill(pid, 0) says ESRCH): what an import killed mid-render left.
 * A live pid's dir is kept (it may be rendering now).
 */
static void sweep_stale(const char *parent)
{
    static const char prefix[] = "folio-imaging-";
    DIR *d = opendir(parent);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        const char *p = e->d_name + sizeof(prefix) - 1;
        struct stat sb;
        struct str s;
        uint64_t pid;
        char *path;
        if (strncmp(e->d_name, prefix, sizeof(prefix) - 1) != 0)
            continue;
        s = (struct str){ p, strcspn(p, "-") };
        if (s.len == 0 || p[s.len] != '-' ||
            !str_to_u64(&s, 10, INT_MAX, &pid) || s.len != 0 || pid == 0 ||
            (pid_t)pid == getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        path = xasprintf("%s/%s", parent, e->d_name);
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode) &&
            sb.st_uid == geteuid())
            rm_tree(path);
        free(path);
    }
    (void)closedir(d);
}

void imaging_result_release(struct imaging_result *r)
{
    if (!r)
        return;
    if (r->dir) {
        rm_tree(r->dir);
        free(r->dir);
    }
    page_words_free(r->words, r->nwords);
    memset(r, 0, sizeof(*r));
}

static enum folio_rc write_file(const char *path,
                                const void *data,
                                size_t len,
                                struct folio_err *err)
{
    const char *p = data;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

    if (fd < 0)
        return err_errno(err, path, "cannot create file");
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            enum folio_rc rc = err_errno(err, path, "cannot write file");
            (void)close(fd);
            return rc;
        }
        p += w;
        len -= (size_t)w;
    }
    if (close(fd) != 0)
        return err_errno(err, path, "cannot write file");
    return FOLIO_OK;
}

/* argv for exec: [bwrap options --] cmd... ; returns the count. */
static size_t build_argv(const struct imaging_runner *r,
                         bool sandbox,
                         const char *work,
                         char *const *cmd,
                         const char **argv)
{
    size_t n = 0, i;

    if (sandbox) {
        static const char *const opts[] = {
            "--unshare-all",
            "--die-with-parent",
            "--new-session",
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "--tmpfs",
            "/tmp",
        };
        argv[n++] = r->bwrap;
        for (i = 0; i < ARRAY_SIZE(opts); i++)
            argv[n++] = opts[i];
        /* the binary itself may live under /tmp (build trees) */
        argv[n++] = "--ro-bind";
        argv[n++] = r->exe;
        argv[n++] = r->exe;
        if (work) {
            argv[n++] = "--bind";
            argv[n++] = work;
            argv[n++] = work;
        }
        argv[n++] = "--";
    }
    for (i = 0; cmd[i] && n + 1 < MAX_ARGS; i++)
        argv[n++] = cmd[i];
    argv[n] = NULL;
    return n;
}

static enum folio_rc spawn_wait(const struct imaging_runner *r,
                                const char **argv,
                                int timeout_s,
                                struct buf *errtext,
                                int *status,
                                bool *timed_out,
                                struct folio_err *err)
{
    int pfd[2] = { -1, -1 }, devnull, st = 0;
    int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
    bool eof = false, killed = false;
    pid_t pid, w;
    char chunk[512];

    if (pipe(pfd) != 0)
        return err_errno(err, NULL, "pipe");
    (void)fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
    pid = fork();
    if (pid < 0) {
        (void)close(pfd[0]);
        (void)close(pfd[1]);
        return err_errno(err, NULL, "fork");
    }
    if (pid == 0) {
        /* child: only async-signal-safe calls until exec */
        struct rlimit rl;
        (void)setpgid(0, 0);
        (void)prctl(PR_SET_PDEATHSIG, SIGKILL);
        devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (devnull >= 0) {
            (void)dup2(devnull, 0);
            (void)dup2(devnull, 1);
        }
        (void)dup2(pfd[1], 2);
#ifndef IMAGING_NO_AS_LIMIT
        rl.rlim_cur = rl.rlim_max = (rlim_t)r->lim.mem_bytes;
        (void)setrlimit(RLIMIT_AS, &rl);
#endif
        rl.rlim_cur = (rlim_t)r->lim.cpu_seconds;
        rl.rlim_max = (rlim_t)r->lim.cpu_seconds + 1;
        (void)setrlimit(RLIMIT_CPU, &rl);
        rl.rlim_cur = rl.rlim_max = (rlim_t)1 << 31;
        (void)setrlimit(RLIMIT_FSIZE, &rl);
        rl.rlim_cur = rl.rlim_max = 0;
        (void)setrlimit(RLIMIT_CORE, &rl);
        execv(argv[0], (char *const *)(uintptr_t)argv);
        _exit(127);
    }
    (void)close(pfd[1]);
    while (!eof) {
        struct pollfd p = { .fd = pfd[0], .events = POLLIN };
        int64_t left = deadline - now_ms();
        ssize_t got;
        int pr;
        if (left <= 0) {
            killed = true;
            break;
        }
        pr = poll(&p, 1, (int)(left > 1000 ? 1000 : left));
        if (pr < 0 && errno != EINTR)
            break;
        if (pr <= 0)
            continue;
        got = read(pfd[0], chunk, sizeof(chunk));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            eof = true;
        else if (errtext->len < STDERR_MAX)
            buf_add(errtext, chunk, (size_t)got);
    }
    (void)close(pfd[0]);
    for (;;) {
        w = waitpid(pid, &st, killed ? 0 : WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (w == 0 && now_ms() >= deadline) {
            killed = true;
            (void)kill(-pid, SIGKILL);
            (void)kill(pid, SIGKILL);
            continue;
        }
        if (w == 0) {
            struct timespec ts = { 0, 10 * 1000 * 1000 };
            (void)nanosleep(&ts, NULL);
        }
        if (killed) {
            (void)kill(-pid, SIGKILL);
            (void)kill(pid, SIGKILL);
        }
    }
    *status = st;
    *timed_out = killed;
    return FOLIO_OK;
}

enum folio_rc imaging_runner_new(const struct imaging_limits *lim,
                                 struct imaging_runner **out,
                                 struct folio_err *err)
{
    static const char *const bwraps[] = { "/usr/bin/bwrap", "/bin/bwrap",
                                          "/usr/local/bin/bwrap" };
    struct imaging_runner *r = xcalloc(1, sizeof(*r));
    const char *exe_env;
    ssize_t n;
    size_t i;

    r->lim = *lim;
    /* unit tests of importers are not folio: they name the binary */
    exe_env = getenv("FOLIO_IMAGING_EXE");
    if (exe_env && exe_env[0] == '/' && strlen(exe_env) < sizeof(r->exe)) {
        (void)snprintf(r->exe, sizeof(r->exe), "%s", exe_env);
        n = (ssize_t)strlen(r->exe);
    } else {
        n = readlink("/proc/self/exe", r->exe, sizeof(r->exe) - 1);
    }
    if (n <= 0) {
        free(r);
        return err_errno(err, "/proc/self/exe", "cannot find the folio binary");
    }
    r->exe[n] = '\0';
    sweep_stale(work_parent(lim));
    for (i = 0; lim->sandbox && i < ARRAY_SIZE(bwraps) && !r->bwrap[0]; i++)
        if (access(bwraps[i], X_OK) == 0)
            (void)snprintf(r->bwrap, sizeof(r->bwrap), "%s", bwraps[i]);
    if (r->bwrap[0]) {
        char *cmd[] = { (char *)(uintptr_t) "/bin/true", NULL };
        const char *argv[MAX_ARGS];
        struct buf e = BUF_INIT(STDERR_MAX * 2);
        int st = 0;
        bool to = false;
        (void)build_argv(r, true, NULL, cmd, argv);
        r->use_bwrap =
            spawn_wait(r, argv, 10, &e, &st, &to, NULL) == FOLIO_OK && !to &&
            WIFEXITED(st) && WEXITSTATUS(st) == 0;
        buf_release(&e);
    }
    *out = r;
    return FOLIO_OK;
}

void imaging_runner_free(struct imaging_runner *r)
{
    free(r);
}

const char *imaging_runner_sandbox(const struct imaging_runner *r)
{
    return r->use_bwrap ? "bwrap" : "rlimits";
}

char *imaging_derived_dir(const char *data_dir, const char *hex)
{
    size_t i;

    for (i = 0; hex[i]; i++)
        if (!((hex[i] >= '0' && hex[i] <= '9') ||
              (hex[i] >= 'a' && hex[i] <= 'f')))
            return NULL;
    if (i != 64)
        return NULL;
    return xasprintf("%s/derived/%s", data_dir, hex);
}

static enum folio_rc read_meta(const char *dir,
                               const char *name,
                               bool want_images,
                               struct imaging_result *res,
                               struct folio_err *err)
{
    char *path = xasprintf("%s/meta.json", dir);
    json_t *root = NULL, *words, *wj;
    json_error_t jerr;
    enum folio_rc rc = FOLIO_OK;
    json_int_t v[6];
    size_t i, k;
    const char *keys[6] = { "width_px",    "height_px",    "page_width",
                            "page_height", "source_width", "source_height" };

    root = json_load_file(path, 0, &jerr);
    if (!root || !json_is_object(root)) {
        rc = err_set(err, FOLIO_ERR_INVALID, name,
                     "the renderer wrote no result (%s)", jerr.text);
        goto out;
    }
    for (k = 0; k < 6; k++) {
        json_t *x = json_object_get(root, keys[k]);
        v[k] = json_is_integer(x) ? json_integer_value(x) : 0;
        if (v[k] < 0 || v[k] > 1000000)
            v[k] = 0;
    }
    if (v[2] < 1 || v[3] < 1 || v[2] > MODEL_MAX_DIMENSION ||
        v[3] > MODEL_MAX_DIMENSION || (want_images && (v[0] < 2 || v[1] < 2))) {
        rc = err_set(err, FOLIO_ERR_INVALID, name,
                     "the renderer gave no usable size (%lldx%lld)",
                     (long long)v[0], (long long)v[1]);
        goto out;
    }
    if (want_images)
        for (k = 0; k < IMAGING_NSIZES * 2; k++) {
            struct stat sb;
            char *f = xasprintf("%s/%s", dir,
                                imaging_file_name((enum imaging_size)(k / 2),
                                                  k % 2 ? "jpg" : "webp"));
            bool ok =
                stat(f, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
            free(f);
            if (!ok) {
                rc = err_set(err, FOLIO_ERR_INVALID, name,
                             "the renderer wrote no %s",
                             imaging_file_name((enum imaging_size)(k / 2),
                                               k % 2 ? "jpg" : "webp"));
                goto out;
            }
        }
    res->width_px = (int)v[0];
    res->height_px = (int)v[1];
    res->page_width = (int)v[2];
    res->page_height = (int)v[3];
    res->source_width = (int)v[4];
    res->source_height = (int)v[5];
    words = json_object_get(root, "words");
    if (json_is_array(words) && json_array_size(words) > 0) {
        res->words = xcalloc(json_array_size(words), sizeof(*res->words));
        json_array_foreach(words, i, wj)
        {
            struct page_word *pw = &res->words[res->nwords];
            json_int_t b[6];
            const char *t;
            if (!json_is_array(wj) || json_array_size(wj) != 7 ||
                !json_is_string(json_array_get(wj, 6)))
                continue;
            for (k = 0; k < 6; k++)
                b[k] = json_integer_value(json_array_get(wj, k));
            t = json_string_value(json_array_get(wj, 6));
            /* clamp to the page: boxes are zone-like data */
            if (b[0] < 0)
                b[0] = 0;
            if (b[1] < 0)
                b[1] = 0;
            if (b[0] >= v[2] || b[1] >= v[3] || b[2] < 1 || b[3] < 1 || !t[0])
                continue;
            if (b[0] + b[2] > v[2])
                b[2] = v[2] - b[0];
            if (b[1] + b[3] > v[3])
                b[3] = v[3] - b[1];
            pw->text = xstrdup(t);
            pw->x = (int32_t)b[0];
            pw->y = (int32_t)b[1];
            pw->w = (int32_t)b[2];
            pw->h = (int32_t)b[3];
            pw->line = b[4] < 0 || b[4] > INT32_MAX ? 0 : (int32_t)b[4];
            pw->block = b[5] < 0 || b[5] > INT32_MAX ? 0 : (int32_t)b[5];
            res->nwords++;
        }
        if (res->nwords == 0) {
            free(res->words);
            res->words = NULL;
        }
    }
out:
    json_decref(root);
    free(path);
    return rc;
}

enum folio_rc imaging_derive(struct imaging_runner *r,
                             enum imaging_kind kind,
                             const void *data,
                             size_t len,
                             const char *name,
                             struct imaging_result *out,
                             struct folio_err *err)
{
    const char *parent = work_parent(&r->lim);
    char *work = NULL, *in = NULL, *outdir = NULL;
    char maxpx[24], dpi[24], pixels[24], mime[32] = "application/pdf";
    char *cmd[10];
    const char *argv[MAX_ARGS];
    struct buf etext = BUF_INIT(STDERR_MAX * 2);
    struct imaging_result res;
    enum folio_rc rc = FOLIO_OK;
    int status = 0;
    bool timed_out = false;
    const char *line, *nl;

    memset(&res, 0, sizeof(res));
    if (len == 0) {
        rc = err_set(err, FOLIO_ERR_INVALID, name, "is an empty file");
        goto out;
    }
    if (kind == IMAGING_IMAGE) {
        const unsigned char *d = data;
        if (len >= 4 &&
            (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
            (void)snprintf(mime, sizeof(mime), "image/tiff");
        else if (len >= 12 && (memcmp(d, "\0\0\0\x0cjP  \r\n\x87\n", 12) == 0 ||
                               memcmp(d, "\xff\x4f\xff\x51", 4) == 0))
            (void)snprintf(mime, sizeof(mime), "image/jp2");
        else if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
            (void)snprintf(mime, sizeof(mime), "image/png");
        else if (len >= 3 && memcmp(d, "\xff\xd8\xff", 3) == 0)
            (void)snprintf(mime, sizeof(mime), "image/jpeg");
        else if (len >= 12 && memcmp(d, "RIFF", 4) == 0 &&
                 memcmp(d + 8, "WEBP", 4) == 0)
            (void)snprintf(mime, sizeof(mime), "image/webp");
        else if (len >= 6 &&
                 (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
            (void)snprintf(mime, sizeof(mime), "image/gif");
        else {
            rc = err_set(err, FOLIO_ERR_INVALID, name,
                         "is not a JPEG, PNG, TIFF, JPEG 2000, WebP or GIF "
                         "image");
            goto out;
        }
    } else if (len < 5 || memcmp(data, "%PDF-", 5) != 0) {
        rc = err_set(err, FOLIO_ERR_INVALID, name, "is not a PDF file");
        goto out;
    }
    if (r->lim.work_dir[0] && mkdir(parent, 0700) != 0 && errno != EEXIST) {
        /* an archive not made yet (first import): the usual temp dir */
        const char *tmp = getenv("TMPDIR");
        if (errno != ENOENT) {
            rc = err_errno(err, parent, "cannot make the imaging work dir");
            goto out;
        }
        parent = tmp && tmp[0] ? tmp : "/tmp";
    }
    /* the pid in the name lets the next import sweep it if we are killed */
    work = xasprintf("%s/folio-imaging-%ld-XXXXXX", parent, (long)getpid());
    if (!mkdtemp(work)) {
        rc = err_errno(err, work, "cannot make a temp dir");
        free(work);
        work = NULL;
        goto out;
    }
    /* the child writes its files beside the input, in work itself */
    in = xasprintf("%s/in", work);
    outdir = xstrdup(work);
    rc = write_file(in, data, len, err);
    if (rc != FOLIO_OK)
        goto out;
    (void)snprintf(maxpx, sizeof(maxpx), "%d", r->lim.full_max_px);
    (void)snprintf(dpi, sizeof(dpi), "%d", r->lim.full_dpi);
    (void)snprintf(pixels, sizeof(pixels), "%llu",
                   (unsigned long long)r->lim.max_pixels);
    cmd[0] = r->exe;
    cmd[1] = (char *)(uintptr_t)IMAGING_CHILD_COMMAND;
    cmd[2] = (char *)(uintptr_t)(kind == IMAGING_PDF     ? "pdf"
                                 : kind == IMAGING_IMAGE ? "image"
                                                         : "pdftext");
    cmd[3] = in;
    cmd[4] = outdir;
    cmd[5] = maxpx;
    cmd[6] = dpi;
    cmd[7] = pixels;
    cmd[8] = mime;
    cmd[9] = NULL;
    (void)build_argv(r, r->use_bwrap, work, cmd, argv);
    rc =
        spawn_wait(r, argv, r->lim.timeout_s, &etext, &status, &timed_out, err);
    if (rc != FOLIO_OK)
        goto out;
    /* the last "error: " line the child wrote, if any */
    line = NULL;
    for (nl = etext.data; (nl = strstr(nl, "error: ")) != NULL; nl++)
        if (nl == etext.data || nl[-1] == '\n')
            line = nl + 7;
    if (line) {
        size_t n = strcspn(line, "\n");
        ((char *)(uintptr_t)line)[n] = '\0';
    }
    if (timed_out) {
        rc = err_set(err, FOLIO_ERR_TOO_LARGE, name,
                     "rendering took longer than %d s and was stopped",
                     r->lim.timeout_s);
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        rc = err_set(err,
                     sig == SIGXCPU ? FOLIO_ERR_TOO_LARGE : FOLIO_ERR_INVALID,
                     name, "the renderer %s (signal %d: %s)",
                     sig == SIGXCPU ? "hit its CPU limit" : "crashed", sig,
                     strsignal(sig));
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        rc = err_set(err,
                     code == 3   ? FOLIO_ERR_TOO_LARGE
                     : code == 4 ? FOLIO_ERR_IO
                                 : FOLIO_ERR_INVALID,
                     name, "%s",
                     line          ? line
                     : code == 127 ? "cannot run the renderer"
                                   : "the renderer failed (out of memory?)");
    }
    if (rc != FOLIO_OK)
        goto out;
    (void)unlink(in);
    rc = read_meta(outdir, name, kind != IMAGING_PDF_TEXT, &res, err);
    if (rc != FOLIO_OK)
        goto out;
    res.dir = work;
    work = NULL;
    *out = res;
    memset(&res, 0, sizeof(res));
out:
    imaging_result_release(&res);
    buf_release(&etext);
    if (work)
        rm_tree(work);
    free(work);
    free(in);
    free(outdir);
    return rc;
}
