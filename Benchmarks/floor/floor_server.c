/*
 * floor_server.c — the "loopback floor": a minimal single-threaded epoll server
 * of the SocketLab application protocol (see /work/shared/PROTOCOL.md, section 3).
 *
 * Usage: floor_server PORT [BACKLOG]      (PORT 0 = any free port)
 * Prints `listening on ('127.0.0.1', PORT)` (the real port) and flushes stdout.
 *
 * One request per connection: 2-byte big-endian header length, UTF-8 JSON header
 * (byteorder, content-type, content-encoding, content-length all required),
 * content. Reply bytes are exactly what the Python app server sends:
 *   - content-type "text/json": content is a JSON object; action "search" is looked
 *     up in the table, else "No match for 'VALUE'."; any other action gives
 *     "Error: invalid action 'ACTION'.". Reply {"result": RESULT} as text/json.
 *   - any other content-type: "First 10 bytes of request: " + first 10 bytes, as
 *     binary/custom-server-binary-type.
 * Then the connection is closed. Anything malformed closes that connection only.
 *
 * Deliberate simplifications (connection is closed instead of answering):
 * action/value that are floats, arrays or objects; a content-length that is not a
 * non-negative integer; a content-encoding other than UTF-8 is still decoded as UTF-8.
 *
 * The receive buffer grows once to 2 + header + content-length bytes and the
 * kernel copies straight into it, so large binary requests are linear.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define INITIAL_CAP 16384
#define MAX_CONTENT ((uint64_t)1 << 36) /* 64 GiB: sanity bound only */
#define MAX_DEPTH 512
#define MAX_INT_DIGITS 4300 /* Python's int max str digits */

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define BYTEORDER "little"
#else
#define BYTEORDER "big"
#endif

/* ------------------------------------------------------------------------ */
/* Minimal strict JSON reader (Python json.loads rules, strings decoded in  */
/* place: the decoded form is never longer than the escaped one).           */

enum vtype { V_NONE = 0, V_STR, V_INT, V_NULL, V_TRUE, V_FALSE, V_OTHER };

struct jval {
    enum vtype type;
    unsigned char *s; /* V_STR: decoded bytes; V_INT: literal digits */
    size_t n;
    int lone_surrogate; /* V_STR: contains a lone \ud800-\udfff escape */
};

struct jr {
    unsigned char *p, *end;
};

static void jws(struct jr *j) {
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static int hex4(const unsigned char *p, unsigned *out) {
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = p[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

static unsigned char *put_utf8(unsigned char *w, unsigned cp) {
    if (cp < 0x80) *w++ = (unsigned char)cp;
    else if (cp < 0x800) { *w++ = 0xC0 | cp >> 6; *w++ = 0x80 | (cp & 0x3F); }
    else if (cp < 0x10000) { *w++ = 0xE0 | cp >> 12; *w++ = 0x80 | (cp >> 6 & 0x3F); *w++ = 0x80 | (cp & 0x3F); }
    else { *w++ = 0xF0 | cp >> 18; *w++ = 0x80 | (cp >> 12 & 0x3F); *w++ = 0x80 | (cp >> 6 & 0x3F); *w++ = 0x80 | (cp & 0x3F); }
    return w;
}

/* j->p at the opening quote. */
static int jstring(struct jr *j, struct jval *v) {
    unsigned char *r = j->p + 1, *w = r, *start = r;
    int lone = 0;
    for (;;) {
        if (r >= j->end) return -1;
        unsigned char c = *r;
        if (c == '"') { r++; break; }
        if (c < 0x20) return -1; /* strict: no raw control characters */
        if (c != '\\') { *w++ = *r++; continue; }
        if (r + 1 >= j->end) return -1;
        unsigned char e = r[1];
        r += 2;
        switch (e) {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '/': *w++ = '/'; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (j->end - r < 4 || hex4(r, &cp)) return -1;
            r += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && j->end - r >= 6 && r[0] == '\\' && r[1] == 'u' &&
                hex4(r + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                r += 6;
            } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                lone = 1; /* kept (WTF-8): compares unequal; fatal only if echoed */
            }
            w = put_utf8(w, cp);
            break;
        }
        default: return -1;
        }
    }
    j->p = r;
    if (v) { v->type = V_STR; v->s = start; v->n = (size_t)(w - start); v->lone_surrogate = lone; }
    return 0;
}

static int jlit(struct jr *j, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n)) return -1;
    j->p += n;
    return 0;
}

static int jvalue(struct jr *j, struct jval *v, int depth);

static int jnumber(struct jr *j, struct jval *v) {
    unsigned char *s = j->p;
    int is_int = 1;
    if (j->p < j->end && *j->p == '-') j->p++;
    if (j->p < j->end && *j->p == 'I') { /* -Infinity */
        if (jlit(j, "Infinity")) return -1;
        v->type = V_OTHER;
        return 0;
    }
    if (j->p >= j->end || *j->p < '0' || *j->p > '9') return -1;
    if (*j->p == '0') j->p++;
    else while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
    if (j->p + 1 < j->end && *j->p == '.' && j->p[1] >= '0' && j->p[1] <= '9') {
        is_int = 0;
        j->p++;
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        unsigned char *q = j->p + 1;
        if (q < j->end && (*q == '+' || *q == '-')) q++;
        if (q < j->end && *q >= '0' && *q <= '9') {
            is_int = 0;
            while (q < j->end && *q >= '0' && *q <= '9') q++;
            j->p = q;
        }
    }
    if (is_int && (size_t)(j->p - s) > MAX_INT_DIGITS) return -1;
    v->type = is_int ? V_INT : V_OTHER;
    v->s = s;
    v->n = (size_t)(j->p - s);
    return 0;
}

/* Parses an object; for top-level calls, `want`/`got` collect the last value
 * of each wanted key. */
static int jobject(struct jr *j, int depth, const char **want, struct jval *got, int nwant) {
    j->p++; /* '{' */
    jws(j);
    if (j->p < j->end && *j->p == '}') { j->p++; return 0; }
    for (;;) {
        struct jval key = {0}, val = {0};
        jws(j);
        if (j->p >= j->end || *j->p != '"' || jstring(j, &key)) return -1;
        jws(j);
        if (j->p >= j->end || *j->p != ':') return -1;
        j->p++;
        jws(j);
        if (jvalue(j, &val, depth + 1)) return -1;
        for (int i = 0; i < nwant; i++)
            if (strlen(want[i]) == key.n && memcmp(want[i], key.s, key.n) == 0 && !key.lone_surrogate)
                got[i] = val;
        jws(j);
        if (j->p >= j->end) return -1;
        if (*j->p == ',') { j->p++; continue; }
        if (*j->p == '}') { j->p++; return 0; }
        return -1;
    }
}

static int jarray(struct jr *j, int depth) {
    j->p++; /* '[' */
    jws(j);
    if (j->p < j->end && *j->p == ']') { j->p++; return 0; }
    for (;;) {
        struct jval val = {0};
        jws(j);
        if (jvalue(j, &val, depth + 1)) return -1;
        jws(j);
        if (j->p >= j->end) return -1;
        if (*j->p == ',') { j->p++; continue; }
        if (*j->p == ']') { j->p++; return 0; }
        return -1;
    }
}

static int jvalue(struct jr *j, struct jval *v, int depth) {
    if (depth > MAX_DEPTH || j->p >= j->end) return -1;
    switch (*j->p) {
    case '"': return jstring(j, v);
    case '{': v->type = V_OTHER; return jobject(j, depth, NULL, NULL, 0);
    case '[': v->type = V_OTHER; return jarray(j, depth);
    case 't': v->type = V_TRUE; return jlit(j, "true");
    case 'f': v->type = V_FALSE; return jlit(j, "false");
    case 'n': v->type = V_NULL; return jlit(j, "null");
    case 'N': v->type = V_OTHER; return jlit(j, "NaN");
    case 'I': v->type = V_OTHER; return jlit(j, "Infinity");
    default: return jnumber(j, v);
    }
}

/* Whole buffer must be one JSON object (surrounding whitespace allowed). */
static int jtop(unsigned char *p, size_t n, const char **want, struct jval *got, int nwant) {
    struct jr j = {p, p + n};
    jws(&j);
    if (j.p >= j.end || *j.p != '{') return -1;
    if (jobject(&j, 0, want, got, nwant)) return -1;
    jws(&j);
    return j.p == j.end ? 0 : -1;
}

/* Strict UTF-8 (as Python's codec: no overlongs, no surrogates, <= U+10FFFF). */
static int utf8_ok(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t k;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) k = 1;
        else if (c >= 0xE0 && c <= 0xEF) { k = 2; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
        else if (c >= 0xF0 && c <= 0xF4) { k = 3; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
        else return 0;
        if (n - i <= k) return 0;
        if (s[i + 1] < lo || s[i + 1] > hi) return 0;
        for (size_t m = 2; m <= k; m++)
            if ((s[i + m] & 0xC0) != 0x80) return 0;
        i += k + 1;
    }
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Building replies                                                           */

struct sb {
    unsigned char *d;
    size_t n, cap;
};

static int sb_put(struct sb *b, const void *p, size_t n) {
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n) cap *= 2;
        unsigned char *d = realloc(b->d, cap);
        if (!d) return -1;
        b->d = d;
        b->cap = cap;
    }
    memcpy(b->d + b->n, p, n);
    b->n += n;
    return 0;
}

static int sb_str(struct sb *b, const char *s) { return sb_put(b, s, strlen(s)); }

/* json.dumps(ensure_ascii=False) string body escaping. */
static int sb_json_escaped(struct sb *b, const unsigned char *s, size_t n) {
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        const char *esc = NULL;
        char ubuf[8];
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c == '\b') esc = "\\b";
        else if (c == '\f') esc = "\\f";
        else if (c < 0x20) { snprintf(ubuf, sizeof ubuf, "\\u%04x", c); esc = ubuf; }
        if (!esc) continue;
        if (sb_put(b, s + run, i - run) || sb_str(b, esc)) return -1;
        run = i + 1;
    }
    return sb_put(b, s + run, n - run);
}

/* Python str() of a JSON scalar; -1 if unsupported here. */
static int sb_pyrepr(struct sb *b, const struct jval *v) {
    switch (v->type) {
    case V_NONE:
    case V_NULL: return sb_str(b, "None");
    case V_TRUE: return sb_str(b, "True");
    case V_FALSE: return sb_str(b, "False");
    case V_STR:
        if (v->lone_surrogate) return -1; /* Python fails to encode it */
        return sb_json_escaped(b, v->s, v->n);
    case V_INT:
        if (v->n == 2 && v->s[0] == '-' && v->s[1] == '0') return sb_str(b, "0");
        return sb_put(b, v->s, v->n);
    default: return -1;
    }
}

static const struct { const char *key, *answer; } search_table[] = {
    {"morpheus", "Follow the white rabbit. \xF0\x9F\x90\xB0"},
    {"ring", "In the caves beneath the Misty Mountains. \xF0\x9F\x92\x8D"},
    {"\xF0\x9F\x90\xB6", "\xF0\x9F\x90\xBE Playing ball! \xF0\x9F\x8F\x90"},
};

static int is_str(const struct jval *v, const char *s) {
    return v->type == V_STR && v->n == strlen(s) && memcmp(v->s, s, v->n) == 0;
}

/* Content of a text/json reply: {"result": RESULT}. */
static int json_reply_content(unsigned char *content, size_t n, struct sb *out) {
    const char *want[] = {"action", "value"};
    struct jval got[2] = {{0}, {0}};
    if (!utf8_ok(content, n)) return -1;
    if (jtop(content, n, want, got, 2)) return -1;
    const struct jval *action = &got[0], *value = &got[1];
    if (sb_str(out, "{\"result\": \"")) return -1;
    if (is_str(action, "search")) {
        const char *answer = NULL;
        if (value->type == V_STR)
            for (size_t i = 0; i < sizeof search_table / sizeof search_table[0]; i++)
                if (is_str(value, search_table[i].key)) answer = search_table[i].answer;
        if (answer) {
            if (sb_str(out, answer)) return -1;
        } else if (sb_str(out, "No match for '") || sb_pyrepr(out, value) || sb_str(out, "'.")) {
            return -1;
        }
    } else if (sb_str(out, "Error: invalid action '") || sb_pyrepr(out, action) || sb_str(out, "'.")) {
        return -1;
    }
    return sb_str(out, "\"}");
}

/* ------------------------------------------------------------------------ */
/* Connections                                                                */

struct conn {
    int fd;
    int registered; /* in epoll */
    int stage;      /* 0: proto-header, 1: JSON header, 2: content, 3: writing */
    unsigned char *buf;
    size_t cap, len;
    size_t hlen;
    uint64_t total; /* 2 + hlen + content-length */
    int is_json;
    unsigned char *out;
    size_t outlen, outoff;
};

static int epfd;
static volatile sig_atomic_t stop;

static void on_signal(int sig) { (void)sig; stop = 1; }

static void conn_close(struct conn *c) {
    close(c->fd); /* also removes it from the epoll set */
    free(c->buf);
    free(c->out);
    free(c);
}

static int grow(struct conn *c, size_t need) {
    if (c->cap >= need) return 0;
    unsigned char *b = realloc(c->buf, need);
    if (!b) return -1;
    c->buf = b;
    c->cap = need;
    return 0;
}

/* Parse the JSON header in buf[2 .. 2+hlen). */
static int parse_header(struct conn *c) {
    const char *want[] = {"byteorder", "content-length", "content-type", "content-encoding"};
    struct jval got[4] = {{0}, {0}, {0}, {0}};
    unsigned char *h = c->buf + 2;
    if (!utf8_ok(h, c->hlen)) return -1;
    if (jtop(h, c->hlen, want, got, 4)) return -1;
    for (int i = 0; i < 4; i++)
        if (got[i].type == V_NONE) return -1; /* missing required header */
    const struct jval *cl = &got[1];
    if (cl->type != V_INT || cl->s[0] == '-' || cl->n > 12) return -1;
    uint64_t len = 0;
    for (size_t i = 0; i < cl->n; i++) len = len * 10 + (uint64_t)(cl->s[i] - '0');
    if (len > MAX_CONTENT) return -1;
    c->is_json = is_str(&got[2], "text/json");
    c->total = 2 + c->hlen + len;
    return 0;
}

/* Advance the parser over buffered bytes: 1 = request complete, 0 = need more, -1 = error. */
static int advance(struct conn *c) {
    if (c->stage == 0) {
        if (c->len < 2) return 0;
        c->hlen = (size_t)c->buf[0] << 8 | c->buf[1];
        if (grow(c, 2 + c->hlen)) return -1;
        c->stage = 1;
    }
    if (c->stage == 1) {
        if (c->len < 2 + c->hlen) return 0;
        /* strings are decoded in place; the header bytes are not needed afterwards */
        if (parse_header(c)) return -1;
        if (grow(c, (size_t)c->total)) return -1;
        c->stage = 2;
    }
    return c->len >= c->total ? 1 : 0;
}

static int build_reply(struct conn *c) {
    unsigned char *content = c->buf + 2 + c->hlen;
    size_t clen = (size_t)(c->total - 2 - c->hlen);
    struct sb body = {0}, msg = {0};
    const char *ctype, *cenc;
    if (c->is_json) {
        if (json_reply_content(content, clen, &body)) { free(body.d); return -1; }
        ctype = "text/json";
        cenc = "utf-8";
    } else {
        if (sb_str(&body, "First 10 bytes of request: ") || sb_put(&body, content, clen < 10 ? clen : 10)) {
            free(body.d);
            return -1;
        }
        ctype = "binary/custom-server-binary-type";
        cenc = "binary";
    }
    char hdr[256];
    int hn = snprintf(hdr, sizeof hdr,
                      "{\"byteorder\": \"" BYTEORDER "\", \"content-type\": \"%s\", "
                      "\"content-encoding\": \"%s\", \"content-length\": %zu}",
                      ctype, cenc, body.n);
    unsigned char pre[2] = {(unsigned char)(hn >> 8), (unsigned char)hn};
    if (sb_put(&msg, pre, 2) || sb_put(&msg, hdr, (size_t)hn) || sb_put(&msg, body.d, body.n)) {
        free(body.d);
        free(msg.d);
        return -1;
    }
    free(body.d);
    c->out = msg.d;
    c->outlen = msg.n;
    c->outoff = 0;
    /* the request buffer is no longer needed (may be 64 MiB) */
    free(c->buf);
    c->buf = NULL;
    c->cap = c->len = 0;
    c->stage = 3;
    return 0;
}

static int watch(struct conn *c, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(epfd, c->registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c->fd, &ev)) return -1;
    c->registered = 1;
    return 0;
}

/* Write as much as possible: 1 = all sent, 0 = would block, -1 = error. */
static int conn_write(struct conn *c) {
    while (c->outoff < c->outlen) {
        ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL);
        if (n > 0) { c->outoff += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        return -1;
    }
    return 1;
}

/* Read as much as possible: 1 = request complete, 0 = would block, -1 = error/EOF. */
static int conn_read(struct conn *c) {
    for (;;) {
        ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
        if (n > 0) {
            c->len += (size_t)n;
            int r = advance(c);
            if (r) return r;
            continue;
        }
        if (n == 0) return -1; /* peer closed early */
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        return -1;
    }
}

/* Drive a connection as far as it can go without blocking. */
static void conn_step(struct conn *c) {
    if (c->stage < 3) {
        int r = conn_read(c);
        if (r < 0) { conn_close(c); return; }
        if (r == 0) {
            if (!c->registered && watch(c, EPOLLIN)) conn_close(c);
            return;
        }
        if (build_reply(c)) { conn_close(c); return; }
    }
    int w = conn_write(c);
    if (w != 0) { conn_close(c); return; } /* done (1) or failed (-1) */
    if (watch(c, EPOLLOUT)) conn_close(c);
}

static void accept_all(int lfd) {
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) perror("accept4");
            return;
        }
        struct conn *c = calloc(1, sizeof *c);
        if (!c || !(c->buf = malloc(INITIAL_CAP))) {
            free(c);
            close(fd);
            continue;
        }
        c->fd = fd;
        c->cap = INITIAL_CAP;
        conn_step(c); /* the request is often already there */
    }
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s PORT [BACKLOG]\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]);
    int backlog = argc == 3 ? atoi(argv[2]) : 4096;

    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (lfd < 0) { perror("socket"); return 1; }
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr)) { perror("bind"); return 1; }
    if (listen(lfd, backlog)) { perror("listen"); return 1; }
    socklen_t alen = sizeof addr;
    getsockname(lfd, (struct sockaddr *)&addr, &alen);
    printf("listening on ('127.0.0.1', %d)\n", ntohs(addr.sin_port));
    fflush(stdout);

    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) { perror("epoll_create1"); return 1; }
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &lev)) { perror("epoll_ctl"); return 1; }

    struct epoll_event evs[256];
    while (!stop) {
        int n = epoll_wait(epfd, evs, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            if (evs[i].data.ptr == NULL) accept_all(lfd);
            else conn_step(evs[i].data.ptr);
        }
    }
    close(lfd);
    return 0;
}
