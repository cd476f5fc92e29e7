#include "config/unicode_text.hpp"

#include <algorithm>

#include "config/unicode_tables.hpp"

namespace ca {
namespace {

bool in_ranges(std::uint32_t c, const unicode_tables::CodePointRange* ranges, std::size_t count) {
  const auto* end = ranges + count;
  const auto* it =
      std::upper_bound(ranges, end, c, [](std::uint32_t v, const auto& r) { return v < r.first; });
  return it != ranges && c <= (it - 1)->last;
}

}  // namespace

std::optional<std::uint32_t> decode_utf8(std::string_view text, std::size_t& pos) {
  if (pos >= text.size()) return std::nullopt;
  const auto b0 = static_cast<unsigned char>(text[pos]);
  std::size_t length = 0;
  std::uint32_t cp = 0;
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  if ((b0 & 0xE0U) == 0xC0) {
    length = 2;
    cp = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0) {
    length = 3;
    cp = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0) {
    length = 4;
    cp = b0 & 0x07U;
  } else {
    return std::nullopt;
  }
  if (pos + length > text.size()) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    const auto b = static_cast<unsigned char>(text[pos + i]);
    if ((b & 0xC0U) != 0x80) return std::nullopt;
    cp = (cp << 6U) | (b & 0x3FU);
  }
  static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  pos += length;
  return cp;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0U | (cp >> 6U));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0U | (cp >> 12U));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else {
    out += static_cast<char>(0xF0U | (cp >> 18U));
    out += static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  }
}

bool is_xid_start(std::uint32_t c) {
  return in_ranges(c, unicode_tables::kXIDStartRanges, unicode_tables::kXIDStartRangesCount);
}

bool is_xid_continue(std::uint32_t c) {
  return in_ranges(c, unicode_tables::kXIDContinueRanges, unicode_tables::kXIDContinueRangesCount);
}

std::string to_upper_unicode(std::string_view text) {
  using unicode_tables::kUpperMappings;
  const auto* end = kUpperMappings + unicode_tables::kUpperMappingsCount;
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t at = pos;
    auto cp = decode_utf8(text, pos);
    if (!cp) {
      out += text[at];
      pos = at + 1;
      continue;
    }
    if (*cp < 0x80) {
      out += (*cp >= 'a' && *cp <= 'z') ? static_cast<char>(*cp - 'a' + 'A') : static_cast<char>(*cp);
      continue;
    }
    const auto* it =
        std::lower_bound(kUpperMappings, end, *cp, [](const auto& m, std::uint32_t v) { return m.from < v; });
    if (it == end || it->from != *cp) {
      append_utf8(out, *cp);
      continue;
    }
    for (std::uint32_t to : it->to) {
      if (to != 0) append_utf8(out, to);
    }
  }
  return out;
}

}  // namespace ca
