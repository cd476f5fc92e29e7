#pragma once
// The system's strict parsers of IP address text (inet_pton on POSIX,
// InetPtonA on Windows), for the URL model's host normalisation.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace ca {

// The 16 bytes of an IPv6 address written without brackets, or nullopt.
std::optional<std::array<unsigned char, 16>> parse_ipv6_text(const std::string& text);
// A dotted-quad IPv4 address (exactly four decimal parts) in host byte order,
// or nullopt.
std::optional<std::uint32_t> parse_ipv4_text(const std::string& text);

}  // namespace ca
