// SHA-256 known answers (FIPS 180-4 examples and NIST's one-million-'a'
// vector), plus a file hashed in pieces that straddle the 64-byte blocks.
#include "util/sha256.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace ca {
namespace {

TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecesAcrossBlockBoundariesMatchOneCall) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7);
  for (std::size_t piece : {1U, 55U, 56U, 63U, 64U, 65U, 119U}) {
    Sha256 hash;
    for (std::size_t at = 0; at < data.size(); at += piece)
      hash.update(std::string_view(data).substr(at, piece));
    EXPECT_EQ(hash.hex_digest(), sha256_hex(data)) << "piece " << piece;
  }
}

TEST(Sha256, FileDigestEqualsBytesDigestAndMissingFileIsNullopt) {
  test::TempDir dir;
  const auto path = dir.path() / "crate";
  const std::string data(200000, 'x');
  std::ofstream(path, std::ios::binary) << data;
  EXPECT_EQ(sha256_file_hex(path), sha256_hex(data));
  EXPECT_EQ(sha256_file_hex(dir.path() / "missing"), std::nullopt);
}

}  // namespace
}  // namespace ca
