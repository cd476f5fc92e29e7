#pragma once
// The libcurl functions the tool may call, resolved from the library that
// curl_loader.cpp loads. Internal to src/net: everything else calls the
// ordinary curl_* functions (curl_forwarders.cpp), never this table.
// Every function listed exists since libcurl 7.68 (curl_multi_wakeup).
#define CURL_DISABLE_TYPECHECK    // the forwarders define the real functions
#define CURL_DISABLE_DEPRECATION  // CURLOPT_PROTOCOLS: the fallback for libcurl < 7.85
#include <curl/curl.h>

namespace ca {

// X(name, type) for each forwarded function.
#define CA_CURL_SYMBOLS(X)                                           \
  X(curl_global_init, decltype(&::curl_global_init))                 \
  X(curl_global_cleanup, decltype(&::curl_global_cleanup))           \
  X(curl_version, decltype(&::curl_version))                         \
  X(curl_version_info, decltype(&::curl_version_info))               \
  X(curl_free, decltype(&::curl_free))                               \
  X(curl_easy_init, decltype(&::curl_easy_init))                     \
  X(curl_easy_cleanup, decltype(&::curl_easy_cleanup))               \
  X(curl_easy_reset, decltype(&::curl_easy_reset))                   \
  X(curl_easy_duphandle, decltype(&::curl_easy_duphandle))           \
  X(curl_easy_setopt, decltype(&::curl_easy_setopt))                 \
  X(curl_easy_getinfo, decltype(&::curl_easy_getinfo))               \
  X(curl_easy_perform, decltype(&::curl_easy_perform))               \
  X(curl_easy_pause, decltype(&::curl_easy_pause))                   \
  X(curl_easy_strerror, decltype(&::curl_easy_strerror))             \
  X(curl_easy_escape, decltype(&::curl_easy_escape))                 \
  X(curl_easy_unescape, decltype(&::curl_easy_unescape))             \
  X(curl_slist_append, decltype(&::curl_slist_append))               \
  X(curl_slist_free_all, decltype(&::curl_slist_free_all))           \
  X(curl_multi_init, decltype(&::curl_multi_init))                   \
  X(curl_multi_cleanup, decltype(&::curl_multi_cleanup))             \
  X(curl_multi_setopt, decltype(&::curl_multi_setopt))               \
  X(curl_multi_add_handle, decltype(&::curl_multi_add_handle))       \
  X(curl_multi_remove_handle, decltype(&::curl_multi_remove_handle)) \
  X(curl_multi_perform, decltype(&::curl_multi_perform))             \
  X(curl_multi_poll, decltype(&::curl_multi_poll))                   \
  X(curl_multi_wait, decltype(&::curl_multi_wait))                   \
  X(curl_multi_wakeup, decltype(&::curl_multi_wakeup))               \
  X(curl_multi_info_read, decltype(&::curl_multi_info_read))         \
  X(curl_multi_strerror, decltype(&::curl_multi_strerror))           \
  X(curl_url, decltype(&::curl_url))                                 \
  X(curl_url_cleanup, decltype(&::curl_url_cleanup))                 \
  X(curl_url_dup, decltype(&::curl_url_dup))                         \
  X(curl_url_set, decltype(&::curl_url_set))                         \
  X(curl_url_get, decltype(&::curl_url_get))

struct CurlSymbols {
#define CA_CURL_FIELD(name, type) type name = nullptr;
  CA_CURL_SYMBOLS(CA_CURL_FIELD)
#undef CA_CURL_FIELD
};

// The loaded table; throws ca::Error (kFailed) naming the package to install
// when libcurl is missing or too old.
const CurlSymbols& curl_symbols();
// The loaded table, or nullptr when libcurl could not be loaded (never throws:
// for the cleanup functions, which only run after a successful init).
const CurlSymbols* curl_symbols_if_loaded();

}  // namespace ca
