#pragma once
// Tables generated from the Unicode Character Database by scripts/gen-unicode-tables.py
// (see unicode_text.hpp for the functions that use them). Debian bookworm ships
// Unicode 15.0; Rust 1.95 (cargo's str::to_uppercase and XID checks) uses Unicode 17.0:
// characters added in 16.0/17.0 are not letters here (such a name is refused, never mis-mapped).
#include <cstddef>
#include <cstdint>

namespace ca::unicode_tables {

struct CodePointRange {
  std::uint32_t first;
  std::uint32_t last;
};

struct UpperMapping {
  std::uint32_t from;
  std::uint32_t to[3];  // 0 = unused
};

extern const char* const kUnicodeVersion;
extern const CodePointRange kXIDStartRanges[];
extern const std::size_t kXIDStartRangesCount;
extern const CodePointRange kXIDContinueRanges[];
extern const std::size_t kXIDContinueRangesCount;
extern const UpperMapping kUpperMappings[];
extern const std::size_t kUpperMappingsCount;

}  // namespace ca::unicode_tables
