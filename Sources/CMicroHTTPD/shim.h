#ifndef GITOPS_CMICROHTTPD_SHIM_H
#define GITOPS_CMICROHTTPD_SHIM_H
/* No _GNU_SOURCE here: it changes libc's struct layouts (fd_set's field names), and Clang then
   refuses to merge them with the same headers seen through the other C modules (CYAML). */
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

/* Typed wrappers over libmicrohttpd's variadic calls (Swift cannot call C varargs). */

/// Starts a daemon bound to `host` (IPv4 text) and `port` (0: the OS picks).
/// TLS is on when `key_pem` and `cert_pem` are non-NULL; `trust_pem` (may be NULL) is the CA
/// that client certificates are checked against (the server then requests one).
static inline struct MHD_Daemon *gitops_mhd_start(unsigned int flags, const char *host, uint16_t port,
                                                  MHD_AccessHandlerCallback handler, void *handler_cls,
                                                  MHD_RequestCompletedCallback completed, void *completed_cls,
                                                  const char *key_pem, const char *cert_pem,
                                                  const char *trust_pem, unsigned int connection_timeout) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) return NULL;
    if (key_pem != NULL && cert_pem != NULL) {
        flags |= MHD_USE_TLS;
        if (trust_pem != NULL) {
            return MHD_start_daemon(flags, port, NULL, NULL, handler, handler_cls,
                                    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                    MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
                                    MHD_OPTION_HTTPS_MEM_KEY, key_pem, MHD_OPTION_HTTPS_MEM_CERT, cert_pem,
                                    MHD_OPTION_HTTPS_MEM_TRUST, trust_pem,
                                    MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout, MHD_OPTION_END);
        }
        return MHD_start_daemon(flags, port, NULL, NULL, handler, handler_cls,
                                MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
                                MHD_OPTION_HTTPS_MEM_KEY, key_pem, MHD_OPTION_HTTPS_MEM_CERT, cert_pem,
                                MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout, MHD_OPTION_END);
    }
    return MHD_start_daemon(flags, port, NULL, NULL, handler, handler_cls,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
                            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout, MHD_OPTION_END);
}

/// The port a daemon listens on (useful after binding port 0); 0 when unknown.
static inline uint16_t gitops_mhd_daemon_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info != NULL ? info->port : 0;
}

/// Result of checking a TLS peer certificate against the daemon's trust store.
enum gitops_peer_cert {
    GITOPS_PEER_CERT_NONE = 0,
    GITOPS_PEER_CERT_VALID = 1,
    GITOPS_PEER_CERT_INVALID = 2,
};

/// Verifies the client certificate of a TLS connection and copies its subject CN (and the
/// first O, when `org` is non-NULL) into the buffers.
static inline enum gitops_peer_cert gitops_mhd_verify_peer(struct MHD_Connection *connection, char *cn,
                                                           size_t cn_len, char *org, size_t org_len) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_GNUTLS_SESSION);
    if (info == NULL || info->tls_session == NULL) return GITOPS_PEER_CERT_NONE;
    gnutls_session_t session = (gnutls_session_t)info->tls_session;
    unsigned int list_size = 0;
    const gnutls_datum_t *certs = gnutls_certificate_get_peers(session, &list_size);
    if (certs == NULL || list_size == 0) return GITOPS_PEER_CERT_NONE;
    unsigned int status = 0;
    if (gnutls_certificate_verify_peers2(session, &status) != GNUTLS_E_SUCCESS || status != 0)
        return GITOPS_PEER_CERT_INVALID;
    gnutls_x509_crt_t crt;
    if (gnutls_x509_crt_init(&crt) != GNUTLS_E_SUCCESS) return GITOPS_PEER_CERT_INVALID;
    if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) != GNUTLS_E_SUCCESS) {
        gnutls_x509_crt_deinit(crt);
        return GITOPS_PEER_CERT_INVALID;
    }
    if (cn != NULL && cn_len > 0) {
        size_t size = cn_len;
        if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &size) != GNUTLS_E_SUCCESS)
            cn[0] = 0;
    }
    if (org != NULL && org_len > 0) {
        size_t size = org_len;
        if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, 0, org, &size) !=
            GNUTLS_E_SUCCESS)
            org[0] = 0;
    }
    gnutls_x509_crt_deinit(crt);
    return GITOPS_PEER_CERT_VALID;
}

/// The socket of a connection, or -1.
static inline int gitops_mhd_connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info != NULL ? info->connect_fd : -1;
}

/// Whether the peer has closed its side of a socket (a client that went away mid-watch).
static inline int gitops_socket_peer_closed(int fd) {
    if (fd < 0) return 0;
#ifndef POLLRDHUP
#define POLLRDHUP 0x2000 /* Linux's value; only defined by <poll.h> under _GNU_SOURCE */
#endif
    struct pollfd p = {.fd = fd, .events = POLLRDHUP, .revents = 0};
    if (poll(&p, 1, 0) <= 0) return 0;
    return (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

/// `MHD_CONTENT_READER_END_OF_STREAM` and `MHD_SIZE_UNKNOWN` are cast macros Swift cannot import.
static inline ssize_t gitops_mhd_end_of_stream(void) { return MHD_CONTENT_READER_END_OF_STREAM; }
static inline uint64_t gitops_mhd_size_unknown(void) { return MHD_SIZE_UNKNOWN; }

#endif
