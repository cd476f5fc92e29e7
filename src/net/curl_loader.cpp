#include "net/curl_loader.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <utility>

#include "core/error.hpp"
#include "net/curl_symbols.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

struct LoadResult {
  CurlSymbols symbols;
  std::optional<std::string> problem;
};

template <typename Fn>
bool resolve(void* library, const char* name, Fn& slot, std::string& missing) {
  slot = reinterpret_cast<Fn>(dlsym(library, name));  // NOLINT: dlsym's documented use
  if (slot == nullptr) missing += missing.empty() ? name : std::string(", ") + name;
  return slot != nullptr;
}

LoadResult load() {
  LoadResult result;
  void* library = dlopen(kCurlLibraryName, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    result.problem = std::string("this step makes network requests, which need libcurl (") +
                     kCurlLibraryName +
                     "), and it is not installed on this machine. Install the libcurl4 package "
                     "(named libcurl4t64 on Ubuntu 24.04 and later, libcurl on Fedora/RHEL), e.g. "
                     "`sudo apt-get install -y libcurl4`; auth, login, exec and list run without it";
    return result;
  }
  std::string missing;
#define CA_CURL_RESOLVE(name, type) resolve(library, #name, result.symbols.name, missing);
  CA_CURL_SYMBOLS(CA_CURL_RESOLVE)
#undef CA_CURL_RESOLVE
  if (!missing.empty()) {
    result.problem = std::string("the installed libcurl (") + kCurlLibraryName + ") is too old: it lacks " +
                     missing + ". Install libcurl 7.68 or newer (the libcurl4 package)";
    dlclose(library);
    result.symbols = {};
  }
  return result;
}

const LoadResult& loaded() {
  static const LoadResult result = load();  // thread-safe, runs once
  return result;
}

}  // namespace

const CurlSymbols& curl_symbols() {
  const LoadResult& result = loaded();
  if (result.problem) throw Error(*result.problem, ExitCode::kFailed);
  return result.symbols;
}

const CurlSymbols* curl_symbols_if_loaded() {
  const LoadResult& result = loaded();
  return result.problem ? nullptr : &result.symbols;
}

std::optional<std::string> curl_unavailable_reason() { return loaded().problem; }

std::optional<long> curl_protocol_mask(std::string_view list) {
  // The names CURLOPT_PROTOCOLS_STR accepts and their CURLPROTO_* bits (curl.h).
  static constexpr std::array<std::pair<std::string_view, long>, 30> kProtocols{{
      {"http", 1L << 0},    {"https", 1L << 1},    {"ftp", 1L << 2},     {"ftps", 1L << 3},
      {"scp", 1L << 4},     {"sftp", 1L << 5},     {"telnet", 1L << 6},  {"ldap", 1L << 7},
      {"ldaps", 1L << 8},   {"dict", 1L << 9},     {"file", 1L << 10},   {"tftp", 1L << 11},
      {"imap", 1L << 12},   {"imaps", 1L << 13},   {"pop3", 1L << 14},   {"pop3s", 1L << 15},
      {"smtp", 1L << 16},   {"smtps", 1L << 17},   {"rtsp", 1L << 18},   {"rtmp", 1L << 19},
      {"rtmpt", 1L << 20},  {"rtmpe", 1L << 21},   {"rtmpte", 1L << 22}, {"rtmps", 1L << 23},
      {"rtmpts", 1L << 24}, {"gopher", 1L << 25},  {"smb", 1L << 26},    {"smbs", 1L << 27},
      {"mqtt", 1L << 28},   {"gophers", 1L << 29},
  }};
  long mask = 0;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string name = to_lower(trim(std::string(list.substr(start, comma - start))));
    start = comma + 1;
    if (name.empty()) continue;
    if (name == "all") {
      mask = ~0L;
      continue;
    }
    bool known = false;
    for (const auto& [protocol, bit] : kProtocols) {
      if (protocol == name) {
        mask |= bit;
        known = true;
      }
    }
    if (!known) return std::nullopt;
  }
  return mask;
}

}  // namespace ca
