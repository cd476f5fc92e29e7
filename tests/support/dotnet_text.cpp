#include "support/dotnet_text.hpp"

#include <unicode/ucol.h>
#include <unicode/usearch.h>
#include <unicode/ustring.h>

#include <memory>
#include <mutex>
#include <string>

namespace ca::test::dotnet {
namespace {

std::u16string to_utf16(std::string_view utf8) {
  if (utf8.empty()) return {};
  std::u16string out(utf8.size() + 1, u'\0');
  int32_t length = 0;
  int32_t substitutions = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(reinterpret_cast<UChar*>(out.data()), static_cast<int32_t>(out.size()), &length,
                       utf8.data(), static_cast<int32_t>(utf8.size()), 0xFFFD, &substitutions, &status);
  if (U_FAILURE(status)) return {};
  out.resize(static_cast<std::size_t>(length));
  return out;
}

std::string to_utf8(std::u16string_view utf16) {
  if (utf16.empty()) return {};
  std::string out(utf16.size() * 3 + 1, '\0');
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length,
                     reinterpret_cast<const UChar*>(utf16.data()), static_cast<int32_t>(utf16.size()), 0xFFFD,
                     nullptr, &status);
  if (U_FAILURE(status)) return {};
  out.resize(static_cast<std::size_t>(length));
  return out;
}

// The root collator at tertiary strength (.NET's CompareOptions.None); opened once.
UCollator* root_collator() {
  static std::once_flag once;
  static UCollator* collator = nullptr;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    collator = ucol_open("", &status);
    if (U_FAILURE(status)) {
      collator = nullptr;
      return;
    }
    ucol_setStrength(collator, UCOL_TERTIARY);
  });
  return collator;
}

std::mutex& search_mutex() {
  static std::mutex m;
  return m;
}

// Culture-sensitive first match in UTF-16: {start, length} or {-1, 0}.
std::pair<int32_t, int32_t> first_match(const std::u16string& text, const std::u16string& pattern) {
  if (text.empty() || pattern.empty()) return {-1, 0};
  std::lock_guard lock(search_mutex());
  UCollator* collator = root_collator();
  if (collator == nullptr) return {-1, 0};
  UErrorCode status = U_ZERO_ERROR;
  UStringSearch* search = usearch_openFromCollator(
      reinterpret_cast<const UChar*>(pattern.data()), static_cast<int32_t>(pattern.size()),
      reinterpret_cast<const UChar*>(text.data()), static_cast<int32_t>(text.size()), collator, nullptr,
      &status);
  if (U_FAILURE(status)) return {-1, 0};
  const int32_t start = usearch_first(search, &status);
  const int32_t length = start == USEARCH_DONE ? 0 : usearch_getMatchedLength(search);
  usearch_close(search);
  if (U_FAILURE(status) || start == USEARCH_DONE) return {-1, 0};
  return {start, length};
}

bool all_ignorable(std::u16string_view text) {
  if (text.empty()) return true;
  UCollator* collator = root_collator();
  if (collator == nullptr) return false;
  std::lock_guard lock(search_mutex());
  const UChar empty[1] = {0};
  return ucol_strcoll(collator, reinterpret_cast<const UChar*>(text.data()),
                      static_cast<int32_t>(text.size()), empty, 0) == UCOL_EQUAL;
}

std::u16string trim_start16(std::u16string text) {
  std::size_t i = 0;
  while (i < text.size() && is_white_space(text[i])) ++i;
  return text.substr(i);
}

}  // namespace

bool is_white_space(char16_t c) {
  switch (c) {
    case 0x0009:
    case 0x000A:
    case 0x000B:
    case 0x000C:
    case 0x000D:  // NOLINT
    case 0x0020:
    case 0x0085:
    case 0x00A0:
    case 0x1680:  // NOLINT
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:  // NOLINT
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;  // en quad .. hair space
  }
}

std::string trim_start(std::string_view utf8) { return to_utf8(trim_start16(to_utf16(utf8))); }

std::optional<std::size_t> culture_index_of(std::string_view haystack, std::string_view needle,
                                            std::string* decoded) {
  const std::u16string text = to_utf16(haystack);
  if (decoded != nullptr) *decoded = to_utf8(text);
  const auto [start, length] = first_match(text, to_utf16(needle));
  if (start < 0) return std::nullopt;
  return to_utf8(std::u16string_view(text).substr(0, static_cast<std::size_t>(start))).size();
}

bool culture_starts_with(std::string_view haystack, std::string_view prefix) {
  const std::u16string text = to_utf16(haystack);
  const auto [start, length] = first_match(text, to_utf16(prefix));
  return start >= 0 && all_ignorable(std::u16string_view(text).substr(0, static_cast<std::size_t>(start)));
}

bool github_runner_sees_command(std::string_view line) {
  const std::string trimmed = to_utf8(trim_start16(to_utf16(line)));
  if (trimmed.rfind("::", 0) == 0 || culture_starts_with(trimmed, "::")) return true;
  return std::string(line).find("##[") != std::string::npos || culture_index_of(line, "##[").has_value();
}

bool azure_agent_sees_command(std::string_view line) {
  if (std::string(line).find("##vso[") != std::string::npos || culture_index_of(line, "##vso[").has_value())
    return true;
  return line.rfind("##[", 0) == 0 || culture_starts_with(line, "##[");
}

}  // namespace ca::test::dotnet
