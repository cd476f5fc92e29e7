#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "digest.hpp"

namespace local_registry {

enum class AuthResult {
  kMissing,   // no Authorization header at all
  kRejected,  // a header was sent but matches no accepted value
  kReadOnly,  // accepted for reads only (tokens-file line prefixed `readonly:`)
  kFull,      // accepted for everything, including publish/yank
};

// The accepted `Authorization` header values. Only SHA-256 digests are kept in memory: that
// makes every comparison fixed-length (so constant-time compare does not leak the length) and
// keeps the raw secrets out of core dumps of a long-running demo server.
class TokenSet {
 public:
  // Parses newline-separated entries (tokens file or LOCAL_REGISTRY_TOKENS). Blank lines and
  // lines starting with `#` are ignored; a trailing CR is stripped so files written on Windows
  // still work. A `readonly:` prefix marks a read-only token.
  void add_lines(std::string_view text);

  size_t size() const { return entries_.size(); }

  // Checks every entry without early exit so timing does not reveal which entry matched.
  AuthResult check(const std::string* header_value) const;

 private:
  struct Entry {
    Sha256 digest;
    bool read_only;
  };
  std::vector<Entry> entries_;
};

}  // namespace local_registry
