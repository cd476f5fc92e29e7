#pragma once
// "Did you mean ...?": the closest known name to a mistyped one, by edit
// distance (insertions, deletions, substitutions and adjacent swaps, ASCII
// case-insensitive), close enough only when the typo is small for its length.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ca {

// Optimal string alignment distance between a and b, letters compared case-insensitively.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `typed` when it is within max(1, length/3) edits
// (at most 3); ties go to the first candidate. nullopt when none is near or
// `typed` is itself a candidate.
std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates);

// " Did you mean 'x'?" or "" (ready to append to a message).
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace ca
