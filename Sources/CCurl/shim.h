#ifndef GITOPS_CCURL_SHIM_H
#define GITOPS_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt / curl_easy_getinfo / curl_multi_setopt are variadic: typed wrappers. */
static inline CURLcode gitops_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gitops_curl_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gitops_curl_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gitops_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gitops_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode gitops_curl_setopt_blob(CURL *h, CURLoption o, struct curl_blob *v) {
    return curl_easy_setopt(h, o, v);
}
typedef size_t (*gitops_curl_data_cb)(char *, size_t, size_t, void *);
static inline CURLcode gitops_curl_setopt_data_cb(CURL *h, CURLoption o, gitops_curl_data_cb v) {
    return curl_easy_setopt(h, o, v);
}
typedef int (*gitops_curl_xfer_cb)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t);
static inline CURLcode gitops_curl_setopt_xfer_cb(CURL *h, CURLoption o, gitops_curl_xfer_cb v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode gitops_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode gitops_curl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode gitops_curl_getinfo_str(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode gitops_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) {
    return curl_multi_setopt(m, o, v);
}
static inline long gitops_curlauth_bearer(void) { return (long)CURLAUTH_BEARER; }
#endif
