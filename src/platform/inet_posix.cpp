#include <arpa/inet.h>

#include "platform/inet.hpp"

namespace ca {

std::optional<std::array<unsigned char, 16>> parse_ipv6_text(const std::string& text) {
  std::array<unsigned char, 16> bytes{};
  if (::inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return std::nullopt;
  return bytes;
}

std::optional<std::uint32_t> parse_ipv4_text(const std::string& text) {
  in_addr address{};
  if (::inet_pton(AF_INET, text.c_str(), &address) != 1) return std::nullopt;
  return ntohl(address.s_addr);
}

}  // namespace ca
