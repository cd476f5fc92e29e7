#include "hosts/azure/agent_secret_names.hpp"

#include <nlohmann/json.hpp>

namespace ca {

std::string agent_env_format(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (c == '.' || c == ' ') c = '_';
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

AgentSecretNames::AgentSecretNames(const Environment& env) {
  if (auto list = env.non_empty("VSTS_SECRET_VARIABLES")) {
    const auto json = nlohmann::json::parse(*list, nullptr, false);
    if (json.is_array()) {
      for (const auto& item : json) {
        if (item.is_string()) formatted_.insert(agent_env_format(item.get<std::string>()));
      }
    }
  }
  constexpr std::string_view kPrefix = "SECRET_";
  for (const auto& [name, value] : env.all()) {
    if (name.size() > kPrefix.size() && name.compare(0, kPrefix.size(), kPrefix) == 0) {
      formatted_.insert(agent_env_format(name.substr(kPrefix.size())));
    }
  }
}

bool AgentSecretNames::stays_secret(const std::string& name) const {
  return formatted_.count(agent_env_format(name)) != 0;
}

}  // namespace ca
