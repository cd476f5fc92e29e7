#pragma once
// Which registries cargo cannot tell apart by index URL. Cargo finds a
// registry's credential by its canonical index URL (core/source_id.rs,
// CanonicalUrl: trailing slash ignored; "sparse+" kept), so two registries with
// one URL share one credential lookup.
#include <string>

#include "config/registry.hpp"

namespace ca {

// The key cargo's comparison reduces an index URL to.
std::string registry_url_identity(const IndexUrl& url);

// Throws ca::Error (bad input) naming both registries when two share an index URL.
void refuse_shared_index_urls(const CargoConfig& config);

}  // namespace ca
