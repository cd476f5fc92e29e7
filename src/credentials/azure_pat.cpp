#include "credentials/azure_pat.hpp"

#include "util/base64.hpp"
#include "util/strings.hpp"

namespace ca {

bool is_azure_artifacts_index(const IndexUrl& index) {
  const std::string path = to_lower(index.path);
  return path.find("/_packaging/") != std::string::npos && path.find("/cargo/index") != std::string::npos;
}

std::optional<Secret> wrap_bare_azure_pat(const Registry& registry, const Secret& token) {
  if (!is_azure_artifacts_index(registry.index)) return std::nullopt;
  const std::string& value = token.reveal();
  // A value with a scheme has a space ("Bearer x", "Basic x"); a PAT never does.
  if (value.empty() || value.find(' ') != std::string::npos) return std::nullopt;
  return Secret("Basic " + base64_encode("PAT:" + value));
}

}  // namespace ca
