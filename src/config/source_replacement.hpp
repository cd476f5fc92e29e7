#pragma once
// Source replacement as it affects authentication. Cargo finds the token for a
// registry *source* (`[source.x] registry = "<url>"`) by looking for the
// [registries] entry whose index is that URL; without one it has no variable
// to read and an authenticated feed answers 401. And a registry that replaces
// crates-io (`[source.crates-io] replace-with = ...`) is used by every build,
// not only by publish.
//
// analyze_sources() marks Registry::replaces_crates_io, fills
// SourceEntry::matched_registry and adds a ConfigWarning (with the exact
// [registries] entry to add) for each registry source cargo cannot
// authenticate and for a replace-with that names nothing. It never throws.
#include "config/registry.hpp"

namespace ca {

void analyze_sources(CargoConfig& config);

// True for crates.io's own index URLs (sparse and git), which need no token.
bool is_crates_io_index(std::string_view url);

}  // namespace ca
