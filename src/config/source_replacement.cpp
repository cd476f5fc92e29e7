#include "config/source_replacement.hpp"

#include <set>

#include "config/registry_name.hpp"

namespace ca {
namespace {

SourceEntry* find_source(CargoConfig& config, std::string_view name) {
  for (auto& source : config.sources) {
    if (source.name == name) return &source;
  }
  return nullptr;
}

const Registry* registry_with_url(const CargoConfig& config, const std::string& url) {
  for (const auto& registry : config.registries) {
    if (same_registry_url(registry.index.original, url)) return &registry;
  }
  return nullptr;
}

// A registry name to suggest for an undeclared source URL: the source's own
// name when cargo accepts it and it is free.
std::string suggested_name(const CargoConfig& config, const std::string& source_name) {
  std::string name = source_name;
  if (name == kCratesIoName || registry_name_problem(name) || config.find(name) != nullptr)
    name += "-registry";
  return name;
}

void warn_undeclared(CargoConfig& config, const SourceEntry& source) {
  const std::string name = suggested_name(config, source.name);
  config.warnings.push_back(
      {"source '" + source.name + "' uses registry " + *source.registry +
           ", which no [registries] entry declares, so cargo cannot find a token for it (an authenticated "
           "feed answers 401). Add `[registries." +
           name + "] index = \"" + *source.registry + "\"` to your cargo config; its token is then " +
           token_variable_for(name) + ".",
       source.defined_at});
}

// Follows crates-io's replace-with chain to the registry that serves it.
void mark_crates_io_replacement(CargoConfig& config) {
  const SourceEntry* crates_io = find_source(config, kCratesIoName);
  if (crates_io == nullptr || !crates_io->replace_with) return;
  std::set<std::string> visited{std::string(kCratesIoName)};
  std::string next = *crates_io->replace_with;
  SourceLocation where = crates_io->defined_at;
  while (visited.insert(next).second) {
    if (SourceEntry* source = find_source(config, next)) {
      if (source->replace_with) {
        where = source->defined_at;
        next = *source->replace_with;
        continue;
      }
      if (source->matched_registry) {
        if (Registry* registry = config.find(*source->matched_registry)) registry->replaces_crates_io = true;
      }
      return;  // undeclared URLs were reported already; other kinds (directory, git) need no token
    }
    // cargo falls back to a [registries] entry of that name.
    if (Registry* registry = config.find(next)) {
      registry->replaces_crates_io = true;
      return;
    }
    config.warnings.push_back({"replace-with = \"" + next + "\" names neither a [source." + next +
                                   "] nor a [registries." + next +
                                   "] entry; cargo will refuse to build. "
                                   "Define one of them.",
                               where});
    return;
  }
}

}  // namespace

bool is_crates_io_index(std::string_view url) {
  return same_registry_url(url, "sparse+https://index.crates.io/") ||
         same_registry_url(url, "https://github.com/rust-lang/crates.io-index");
}

void analyze_sources(CargoConfig& config) {
  for (auto& source : config.sources) {
    if (!source.registry || is_crates_io_index(*source.registry)) continue;
    if (const Registry* registry = registry_with_url(config, *source.registry)) {
      source.matched_registry = registry->name;
    } else {
      warn_undeclared(config, source);
    }
  }
  mark_crates_io_replacement(config);
}

}  // namespace ca
