#include "auth.hpp"

namespace local_registry {

void TokenSet::add_lines(std::string_view text) {
  static constexpr std::string_view kReadOnly = "readonly:";
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    bool read_only = false;
    if (line.substr(0, kReadOnly.size()) == kReadOnly) {
      read_only = true;
      line.remove_prefix(kReadOnly.size());
      if (line.empty()) continue;
    }
    entries_.push_back({sha256(line), read_only});
  }
}

AuthResult TokenSet::check(const std::string* header_value) const {
  if (header_value == nullptr) return AuthResult::kMissing;
  const Sha256 candidate = sha256(*header_value);
  bool full = false;
  bool read_only = false;
  for (const Entry& e : entries_) {
    const bool match = digest_equal(candidate, e.digest);
    full |= match && !e.read_only;
    read_only |= match && e.read_only;
  }
  if (full) return AuthResult::kFull;
  if (read_only) return AuthResult::kReadOnly;
  return AuthResult::kRejected;
}

}  // namespace local_registry
