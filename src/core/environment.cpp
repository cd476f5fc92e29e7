#include "core/environment.hpp"

#include "util/strings.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX, not in a header

namespace ca {

Environment Environment::capture() {
  EnvMap vars;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view kv(*entry);
    const auto eq = kv.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    vars.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return Environment(std::move(vars));
}

std::optional<std::string> Environment::get(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Environment::non_empty(std::string_view name) const {
  auto value = get(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

std::string Environment::get_or(std::string_view name, std::string fallback) const {
  auto value = get(name);
  return value ? *value : std::move(fallback);
}

bool Environment::flag(std::string_view name) const {
  auto value = get(name);
  return value && is_true_text(*value);
}

bool is_true_text(std::string_view text) {
  const std::string lowered = to_lower(trim(std::string(text)));
  return lowered == "true" || lowered == "1" || lowered == "yes" || lowered == "on";
}

}  // namespace ca
