// The curl_* functions the tool calls, defined here instead of by linking
// libcurl: each forwards to the libcurl that curl_loader.cpp loads on first
// use (see curl_loader.hpp for why). They throw ca::Error when the library is
// missing, except curl_global_init (it fails instead) and the cleanup
// functions (no-ops then: nothing to clean).
//
// The three variadic functions take one argument whose type curl encodes in
// the option number (curl.h, CURLOPTTYPE_*): below 10000 a long, below 20000 a
// pointer, below 30000 a function pointer, below 40000 a curl_off_t, above
// that a pointer (struct curl_blob*). CURLINFO_* arguments are always pointers.
#include <spdlog/spdlog.h>

#include <cstdarg>
#include <mutex>

#include "net/curl_loader.hpp"
#include "net/curl_symbols.hpp"

// The variadic signatures are fixed by curl.h, with an enum as the last named
// parameter, as in libcurl's own definitions; CURLoption/CURLINFO/CURLMoption
// are int-sized, so va_start is well-defined on the ABIs we build for.
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wvarargs"
#endif

namespace {

using ca::curl_symbols;
using ca::curl_symbols_if_loaded;
using GenericFunction = void (*)();

// CURLOPT_PROTOCOLS_STR / CURLOPT_REDIR_PROTOCOLS_STR are libcurl 7.85+;
// older versions (Ubuntu 22.04 has 7.81) answer CURLE_UNKNOWN_OPTION. The
// restriction is then applied through the older bit-mask options, never
// dropped; an unknown protocol name fails the call.
CURLcode set_protocols(CURL* handle, CURLoption option, const char* list) {
  const CURLcode result = curl_symbols().curl_easy_setopt(handle, option, list);
  if (result != CURLE_UNKNOWN_OPTION) return result;
  const auto mask = ca::curl_protocol_mask(list == nullptr ? "" : list);
  if (!mask) return CURLE_BAD_FUNCTION_ARGUMENT;
  const bool redirects = option == CURLOPT_REDIR_PROTOCOLS_STR;
  static std::once_flag noted;
  std::call_once(noted, [&] {
    spdlog::debug(
        "libcurl {} has no CURLOPT_{}PROTOCOLS_STR; restricting protocols through CURLOPT_{}PROTOCOLS",
        curl_symbols().curl_version_info(CURLVERSION_NOW)->version, redirects ? "REDIR_" : "",
        redirects ? "REDIR_" : "");
  });
  return curl_symbols().curl_easy_setopt(handle, redirects ? CURLOPT_REDIR_PROTOCOLS : CURLOPT_PROTOCOLS,
                                         *mask);
}

}  // namespace

extern "C" {

// Never throws: callers run it inside std::call_once (pthread_once), which an
// exception must not cross; the next call (curl_easy_init, curl_multi_init)
// reports the missing library.
CURLcode curl_global_init(long flags) {
  const auto* curl = curl_symbols_if_loaded();
  return curl != nullptr ? curl->curl_global_init(flags) : CURLE_FAILED_INIT;
}
void curl_global_cleanup(void) {
  if (const auto* curl = curl_symbols_if_loaded()) curl->curl_global_cleanup();
}
char* curl_version(void) { return curl_symbols().curl_version(); }
curl_version_info_data* curl_version_info(CURLversion age) { return curl_symbols().curl_version_info(age); }
void curl_free(void* p) {
  if (const auto* curl = curl_symbols_if_loaded()) curl->curl_free(p);
}

CURL* curl_easy_init(void) { return curl_symbols().curl_easy_init(); }
void curl_easy_cleanup(CURL* handle) {
  if (const auto* curl = curl_symbols_if_loaded()) curl->curl_easy_cleanup(handle);
}
void curl_easy_reset(CURL* handle) { curl_symbols().curl_easy_reset(handle); }
CURL* curl_easy_duphandle(CURL* handle) { return curl_symbols().curl_easy_duphandle(handle); }
CURLcode curl_easy_perform(CURL* handle) { return curl_symbols().curl_easy_perform(handle); }
CURLcode curl_easy_pause(CURL* handle, int bitmask) {
  return curl_symbols().curl_easy_pause(handle, bitmask);
}
const char* curl_easy_strerror(CURLcode code) { return curl_symbols().curl_easy_strerror(code); }
char* curl_easy_escape(CURL* handle, const char* string, int length) {
  return curl_symbols().curl_easy_escape(handle, string, length);
}
char* curl_easy_unescape(CURL* handle, const char* string, int length, int* outlength) {
  return curl_symbols().curl_easy_unescape(handle, string, length, outlength);
}

CURLcode curl_easy_setopt(CURL* handle, CURLoption option, ...) {
  const auto& curl = curl_symbols();  // may throw: before va_start
  va_list args;
  va_start(args, option);
  CURLcode result = CURLE_OK;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    result = curl.curl_easy_setopt(handle, option, va_arg(args, long));
  } else if (option == CURLOPT_PROTOCOLS_STR || option == CURLOPT_REDIR_PROTOCOLS_STR) {
    const char* list = va_arg(args, const char*);
    va_end(args);
    return set_protocols(handle, option, list);
  } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
    result = curl.curl_easy_setopt(handle, option, va_arg(args, void*));
  } else if (option < CURLOPTTYPE_OFF_T) {
    result = curl.curl_easy_setopt(handle, option, va_arg(args, GenericFunction));
  } else if (option < CURLOPTTYPE_BLOB) {
    result = curl.curl_easy_setopt(handle, option, va_arg(args, curl_off_t));
  } else {
    result = curl.curl_easy_setopt(handle, option, va_arg(args, void*));
  }
  va_end(args);
  return result;
}

CURLcode curl_easy_getinfo(CURL* handle, CURLINFO info, ...) {
  const auto& curl = curl_symbols();
  va_list args;
  va_start(args, info);
  void* target = va_arg(args, void*);
  va_end(args);
  return curl.curl_easy_getinfo(handle, info, target);
}

curl_slist* curl_slist_append(curl_slist* list, const char* data) {
  return curl_symbols().curl_slist_append(list, data);
}
void curl_slist_free_all(curl_slist* list) {
  if (const auto* curl = curl_symbols_if_loaded()) curl->curl_slist_free_all(list);
}

CURLM* curl_multi_init(void) { return curl_symbols().curl_multi_init(); }
CURLMcode curl_multi_cleanup(CURLM* multi) {
  const auto* curl = curl_symbols_if_loaded();
  return curl != nullptr ? curl->curl_multi_cleanup(multi) : CURLM_BAD_HANDLE;
}
CURLMcode curl_multi_setopt(CURLM* multi, CURLMoption option, ...) {
  const auto& curl = curl_symbols();
  va_list args;
  va_start(args, option);
  CURLMcode result = CURLM_OK;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    result = curl.curl_multi_setopt(multi, option, va_arg(args, long));
  } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
    result = curl.curl_multi_setopt(multi, option, va_arg(args, void*));
  } else if (option < CURLOPTTYPE_OFF_T) {
    result = curl.curl_multi_setopt(multi, option, va_arg(args, GenericFunction));
  } else {
    result = curl.curl_multi_setopt(multi, option, va_arg(args, curl_off_t));
  }
  va_end(args);
  return result;
}
CURLMcode curl_multi_add_handle(CURLM* multi, CURL* handle) {
  return curl_symbols().curl_multi_add_handle(multi, handle);
}
CURLMcode curl_multi_remove_handle(CURLM* multi, CURL* handle) {
  const auto* curl = curl_symbols_if_loaded();
  return curl != nullptr ? curl->curl_multi_remove_handle(multi, handle) : CURLM_BAD_HANDLE;
}
CURLMcode curl_multi_perform(CURLM* multi, int* running) {
  return curl_symbols().curl_multi_perform(multi, running);
}
CURLMcode curl_multi_poll(CURLM* multi, curl_waitfd extra_fds[], unsigned int extra_nfds, int timeout_ms,
                          int* numfds) {
  return curl_symbols().curl_multi_poll(multi, extra_fds, extra_nfds, timeout_ms, numfds);
}
CURLMcode curl_multi_wait(CURLM* multi, curl_waitfd extra_fds[], unsigned int extra_nfds, int timeout_ms,
                          int* numfds) {
  return curl_symbols().curl_multi_wait(multi, extra_fds, extra_nfds, timeout_ms, numfds);
}
CURLMcode curl_multi_wakeup(CURLM* multi) { return curl_symbols().curl_multi_wakeup(multi); }
CURLMsg* curl_multi_info_read(CURLM* multi, int* queued) {
  return curl_symbols().curl_multi_info_read(multi, queued);
}
const char* curl_multi_strerror(CURLMcode code) { return curl_symbols().curl_multi_strerror(code); }

CURLU* curl_url(void) { return curl_symbols().curl_url(); }
void curl_url_cleanup(CURLU* handle) {
  if (const auto* curl = curl_symbols_if_loaded()) curl->curl_url_cleanup(handle);
}
CURLU* curl_url_dup(CURLU* in) { return curl_symbols().curl_url_dup(in); }
CURLUcode curl_url_get(CURLU* handle, CURLUPart what, char** part, unsigned int flags) {
  return curl_symbols().curl_url_get(handle, what, part, flags);
}
CURLUcode curl_url_set(CURLU* handle, CURLUPart what, const char* part, unsigned int flags) {
  return curl_symbols().curl_url_set(handle, what, part, flags);
}

}  // extern "C"
