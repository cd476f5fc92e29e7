#include "util/random_bytes.hpp"

#include <vector>

#include "platform/system.hpp"

namespace ca {

std::string random_hex(std::size_t count) {
  std::vector<unsigned char> bytes(count);
  fill_random(bytes.data(), bytes.size());
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * count);
  for (const unsigned char byte : bytes) {
    out += kDigits[byte >> 4U];
    out += kDigits[byte & 0xFU];
  }
  return out;
}

}  // namespace ca
