// The on-demand libcurl loader: the CURLOPT_PROTOCOLS_STR -> CURLOPT_PROTOCOLS
// translation used with libcurl before 7.85, and loading the real library.
// (That the binary starts and fails clearly without libcurl is proven on a
// clean system: tests/clean_root/clean_root_test.py.)
#include "net/curl_loader.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>

namespace ca {
namespace {

TEST(CurlProtocolMask, HttpAndHttpsAreTheirCurlprotoBits) {
  EXPECT_EQ(curl_protocol_mask("http,https"), static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
  EXPECT_EQ(curl_protocol_mask("https"), static_cast<long>(CURLPROTO_HTTPS));
}

TEST(CurlProtocolMask, NamesAreCaseInsensitiveAndSpacesIgnored) {
  EXPECT_EQ(curl_protocol_mask(" HTTPS , Http "), static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
}

TEST(CurlProtocolMask, EveryNameMatchesCurlHeaders) {
  EXPECT_EQ(curl_protocol_mask("ftp"), static_cast<long>(CURLPROTO_FTP));
  EXPECT_EQ(curl_protocol_mask("file"), static_cast<long>(CURLPROTO_FILE));
  EXPECT_EQ(curl_protocol_mask("mqtt"), static_cast<long>(CURLPROTO_MQTT));
  EXPECT_EQ(curl_protocol_mask("gophers"), static_cast<long>(CURLPROTO_GOPHERS));
}

TEST(CurlProtocolMask, UnknownNameIsRejectedNotDropped) {
  EXPECT_EQ(curl_protocol_mask("http,htps"), std::nullopt);
  EXPECT_EQ(curl_protocol_mask("gopher+"), std::nullopt);
}

TEST(CurlLoader, LoadsTheInstalledLibcurlAndForwardsCalls) {
  ASSERT_EQ(curl_unavailable_reason(), std::nullopt) << "libcurl4 is installed on the build machine";
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  ASSERT_NE(info, nullptr);
  EXPECT_GE(info->version_num, 0x074400U);  // 7.68, the oldest the loader accepts
  CURL* easy = curl_easy_init();
  ASSERT_NE(easy, nullptr);
  // The restriction is accepted (natively, or through the fallback).
  EXPECT_EQ(curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https"), CURLE_OK);
  EXPECT_NE(curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,bogus"), CURLE_OK);
  EXPECT_EQ(curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 1000L), CURLE_OK);
  EXPECT_EQ(curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(3)), CURLE_OK);
  curl_easy_cleanup(easy);
}

}  // namespace
}  // namespace ca
