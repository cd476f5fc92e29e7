#pragma once
// Bounds for JSON that comes from a registry or another server: nesting depth
// is checked before parsing, since nlohmann::json builds every level (10 MB of
// `[` took 752 MB) and a registry document is never deep.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace ca {

// Registry documents (config.json, index lines, error bodies) nest 3-4 levels.
inline constexpr std::size_t kMaxJsonDepth = 64;

// True when arrays/objects in `text` nest deeper than max_depth (strings and
// escapes are skipped, so brackets inside strings do not count). Linear, no allocation.
bool json_nesting_exceeds(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

// nlohmann::json::parse without exceptions, and discarded (is_discarded()) when
// the text nests deeper than max_depth.
nlohmann::json parse_bounded_json(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

}  // namespace ca
