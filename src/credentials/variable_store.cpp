#include "credentials/variable_store.hpp"

#include "util/strings.hpp"

namespace ca {

std::string azure_env_name(std::string_view variable) {
  std::string name = to_upper(trim(variable));
  for (char& c : name) {
    if (c == '.' || c == ' ') c = '_';
  }
  return name;
}

std::optional<VariableValue> VariableStore::lookup(std::string_view name) const {
  const std::string trimmed = trim(name);
  if (trimmed.empty()) return std::nullopt;
  if (host_ == HostKind::kAzure) {
    const std::string formatted = azure_env_name(trimmed);
    if (auto value = env_.non_empty("SECRET_" + formatted)) {
      return VariableValue{Secret(*value), "SECRET_" + formatted, true};
    }
    if (auto value = env_.non_empty(formatted)) return VariableValue{Secret(*value), formatted, false};
  }
  if (auto value = env_.non_empty(trimmed)) return VariableValue{Secret(*value), trimmed, false};
  return std::nullopt;
}

}  // namespace ca
