#include "config/registry_url_identity.hpp"

#include <map>

#include "core/error.hpp"

namespace ca {

std::string registry_url_identity(const IndexUrl& url) {
  return (url.sparse ? "sparse+" : "") + url.normalized();
}

void refuse_shared_index_urls(const CargoConfig& config) {
  std::map<std::string, const Registry*> by_url;
  for (const auto& registry : config.registries) {
    if (registry.index.original.empty()) continue;  // crates-io without an index of its own
    auto [it, inserted] = by_url.emplace(registry_url_identity(registry.index), &registry);
    if (inserted) continue;
    const Registry& first = *it->second;
    throw Error(
        "multiple registries are configured with the same index url '" + registry.index.original +
            "': " + first.name + " (" + first.defined_at.str() + ") and " + registry.name + " (" +
            registry.defined_at.str() +
            "). cargo would refuse them, or send one registry's token to the other; give each its own "
            "index or remove one.",
        ExitCode::kBadInput, registry.defined_at);
  }
}

}  // namespace ca
