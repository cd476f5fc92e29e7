#include "core/environment.hpp"

#include "platform/system.hpp"
#include "platform/traits.hpp"
#include "util/strings.hpp"

namespace ca {

Environment Environment::capture() { return Environment(environment_variables()); }

std::optional<std::string> Environment::get(std::string_view name) const {
  auto it = vars_.find(name);
  if (it != vars_.end()) return it->second;
  if constexpr (platform::kEnvironmentIgnoresCase) {
    // Windows: `Path` answers for PATH, as GetEnvironmentVariable would.
    for (const auto& [key, value] : vars_) {
      if (key.size() == name.size() && to_lower(key) == to_lower(std::string(name))) return value;
    }
  }
  return std::nullopt;
}

std::optional<std::string> Environment::non_empty(std::string_view name) const {
  auto value = get(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

std::optional<std::string> Environment::exact_non_empty(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end() || it->second.empty()) return std::nullopt;
  return it->second;
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
