#pragma once
// SHA-256 (FIPS 180-4), lower-case hex: the form of an index's `cksum`.
// Our own few lines rather than OpenSSL's: the packaged binary may depend on
// nothing but glibc (and libcurl, loaded on demand). Checked against
// known-answer vectors in tests/unit/sha256_test.cpp.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ca {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // Lower-case hex of the digest; the object is spent afterwards.
  std::string hex_digest();

 private:
  void compress(const unsigned char* block);
  std::uint32_t state_[8];
  unsigned char buffer_[64];
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

std::string sha256_hex(std::string_view bytes);
// nullopt when the file cannot be read.
std::optional<std::string> sha256_file_hex(const std::filesystem::path& path);

}  // namespace ca
