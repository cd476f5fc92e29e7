#pragma once
// The two Unicode rules cargo applies to registry names, without ICU:
// Rust's str::to_uppercase (full mapping: "straße" -> "STRASSE") and the
// XID_Start / XID_Continue properties. Tables: unicode_tables.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ca {

// Decodes the UTF-8 code point at text[pos] and advances pos; nullopt (pos
// unchanged) for an invalid, overlong or surrogate sequence.
std::optional<std::uint32_t> decode_utf8(std::string_view text, std::size_t& pos);
void append_utf8(std::string& out, std::uint32_t code_point);

bool is_xid_start(std::uint32_t code_point);
bool is_xid_continue(std::uint32_t code_point);

// Rust's str::to_uppercase for valid UTF-8; invalid bytes are copied unchanged.
std::string to_upper_unicode(std::string_view text);

}  // namespace ca
