#include "url/url_normalization.hpp"

#include <array>
#include <cstdint>
#include <vector>

#include "platform/inet.hpp"

namespace ca::url {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool all_of(std::string_view text, bool (*predicate)(char)) {
  for (char c : text) {
    if (!predicate(c)) return false;
  }
  return true;
}

bool is_decimal(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return hex_value(c) >= 0; }

// The WHATWG "ends in a number" check: then the host must parse as IPv4.
bool ends_in_number(std::string_view host) {
  auto parts = split(host, '.');
  if (parts.back().empty()) {
    if (parts.size() == 1) return false;
    parts.pop_back();
  }
  const std::string_view last = parts.back();
  if (!last.empty() && all_of(last, is_decimal)) return true;
  return last.size() >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X') &&
         all_of(last.substr(2), is_hex);
}

std::optional<std::uint64_t> ipv4_number(std::string_view part) {
  int radix = 10;
  if (part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    radix = 16;
    part.remove_prefix(2);
  } else if (part.size() >= 2 && part[0] == '0') {
    radix = 8;
    part.remove_prefix(1);
  }
  if (part.empty()) return 0;  // "0x" is zero
  std::uint64_t value = 0;
  for (char c : part) {
    const int digit = hex_value(c);
    if (digit < 0 || digit >= radix) return std::nullopt;
    value = value * radix + digit;
    if (value > 0xFFFFFFFFULL) return std::nullopt;  // too large whatever follows
  }
  return value;
}

std::optional<std::string> parse_ipv4(std::string_view host) {
  auto parts = split(host, '.');
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  if (parts.size() > 4) return std::nullopt;
  std::vector<std::uint64_t> numbers;
  for (const auto part : parts) {
    auto number = part.empty() ? std::nullopt : ipv4_number(part);
    if (!number) return std::nullopt;
    numbers.push_back(*number);
  }
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return std::nullopt;
  }
  const std::uint64_t limit = 1ULL << (8 * (5 - numbers.size()));
  if (numbers.back() >= limit) return std::nullopt;
  std::uint64_t address = numbers.back();
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i) address += numbers[i] << (8 * (3 - i));
  return std::to_string((address >> 24) & 255) + "." + std::to_string((address >> 16) & 255) + "." +
         std::to_string((address >> 8) & 255) + "." + std::to_string(address & 255);
}

// WHATWG IPv6 serialisation: lower-case hex, the first longest run of two or
// more zero pieces compressed to "::".
std::optional<std::string> parse_ipv6(std::string_view inside_brackets) {
  const std::string text(inside_brackets);
  const auto parsed = parse_ipv6_text(text);
  if (!parsed) return std::nullopt;
  const std::array<unsigned char, 16>& bytes = *parsed;
  std::array<unsigned, 8> pieces{};
  for (int i = 0; i < 8; ++i) pieces[i] = (bytes[2 * i] << 8) | bytes[2 * i + 1];
  int best_start = -1;
  int best_length = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && pieces[j] == 0) ++j;
    if (j - i > best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "[";
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += i == 0 ? "::" : ":";
      i += best_length - 1;
      continue;
    }
    std::string piece;
    unsigned value = pieces[i];
    do {
      piece.insert(piece.begin(), kDigits[value & 15]);
      value >>= 4;
    } while (value != 0);
    out += piece;
    if (i != 7) out += ':';
  }
  return out + "]";
}

bool is_domain_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool is_single_dot(std::string_view segment) {
  return segment == "." || segment == "%2e" || segment == "%2E";
}

bool is_double_dot(std::string_view segment) {
  if (segment.size() != 2 && segment.size() != 4 && segment.size() != 6) return false;
  std::string lowered;
  for (char c : segment) lowered += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return lowered == ".." || lowered == ".%2e" || lowered == "%2e." || lowered == "%2e%2e";
}

// The WHATWG path percent-encode set: C0 controls, space, " # < > ? ` { } and non-ASCII.
bool needs_encoding_in_path(unsigned char c) {
  return c <= 0x20 || c >= 0x7F || c == '"' || c == '#' || c == '<' || c == '>' || c == '?' || c == '`' ||
         c == '{' || c == '}';
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<std::string> normalize_host(std::string_view raw, std::string& why) {
  if (raw.empty()) {
    why = "it has no host";
    return std::nullopt;
  }
  if (raw.front() == '[') {
    if (raw.back() != ']') {
      why = "unterminated IPv6 address";
      return std::nullopt;
    }
    auto v6 = parse_ipv6(raw.substr(1, raw.size() - 2));
    if (!v6) why = "'" + std::string(raw) + "' is not a valid IPv6 address";
    return v6;
  }
  std::string host = percent_decode(raw);
  for (char& c : host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (char c : host) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      why = "the host is not plain ASCII (write internationalised names in their xn-- form)";
      return std::nullopt;
    }
    if (!is_domain_char(c)) {
      why = "the host contains '" + std::string(1, c) + "'";
      return std::nullopt;
    }
  }
  if (ends_in_number(host)) {
    auto v4 = parse_ipv4(host);
    if (!v4) why = "'" + host + "' is neither a name nor a valid IPv4 address";
    return v4;
  }
  if (host.size() > 1 && host.back() == '.') host.pop_back();
  if (host.empty() || host.front() == '.' || host.find("..") != std::string::npos) {
    why = "the host '" + host + "' has an empty label";
    return std::nullopt;
  }
  return host;
}

std::string normalize_path(std::string_view raw, bool backslash_is_separator) {
  std::string unified(raw);
  if (backslash_is_separator) {
    for (char& c : unified) {
      if (c == '\\') c = '/';
    }
  }
  std::string_view rest = unified;
  if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  const auto segments = split(rest, '/');
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const bool last = i + 1 == segments.size();
    if (is_double_dot(segments[i])) {
      if (!kept.empty()) kept.pop_back();
      if (last) kept.emplace_back();
    } else if (is_single_dot(segments[i])) {
      if (last) kept.emplace_back();
    } else {
      kept.emplace_back(segments[i]);
    }
  }
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (const auto& segment : kept) {
    out += '/';
    for (char c : segment) {
      const auto byte = static_cast<unsigned char>(c);
      if (needs_encoding_in_path(byte)) {
        out += '%';
        out += kDigits[byte >> 4];
        out += kDigits[byte & 15];
      } else {
        out += c;
      }
    }
  }
  return out.empty() ? "/" : out;
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "[::1]") return true;
  const std::string text(host);
  const auto address = parse_ipv4_text(text);
  return address && (*address >> 24) == 127;
}

}  // namespace ca::url
