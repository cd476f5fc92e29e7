#include "config/index_url.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace ca {
namespace {

TEST(IndexUrl, ParsesSparseUrl) {
  const IndexUrl url = parse_index_url("sparse+https://Pkgs.Dev.Azure.com:443/Org/_packaging/f/Cargo/index/");
  EXPECT_TRUE(url.sparse);
  EXPECT_EQ(url.scheme, "https");
  EXPECT_EQ(url.host, "pkgs.dev.azure.com");
  EXPECT_EQ(url.port, 0);
  EXPECT_EQ(url.path, "/Org/_packaging/f/Cargo/index/");
  EXPECT_EQ(url.normalized(), "https://pkgs.dev.azure.com/Org/_packaging/f/Cargo/index");
  EXPECT_EQ(url.fetch_base(), "https://pkgs.dev.azure.com/Org/_packaging/f/Cargo/index/");
}

TEST(IndexUrl, MatchesServiceConnectionUrls) {
  EXPECT_TRUE(same_registry_url("sparse+https://proget.example.com/cargo/feed/",
                                "https://PROGET.example.com/cargo/feed"));
  EXPECT_TRUE(same_registry_url("sparse+http://127.0.0.1:8080/index/", "http://127.0.0.1:8080/index"));
  EXPECT_FALSE(same_registry_url("sparse+https://proget.example.com/cargo/feed/",
                                 "https://proget.example.com/cargo/other/"));
  EXPECT_FALSE(same_registry_url("sparse+https://a.example.com/x/", "https://a.example.com:8443/x/"));
}

TEST(IndexUrl, KeepsGitAndSshIndexes) {
  EXPECT_FALSE(parse_index_url("https://github.com/org/index.git").sparse);
  EXPECT_EQ(parse_index_url("ssh://git@example.com/index.git").host, "example.com");
  EXPECT_EQ(parse_index_url("file:///srv/index").scheme, "file");
}

TEST(IndexUrl, RejectsInvalidUrlsWithAReason) {
  for (const char* text : {"", "not a url", "sparse+ftp://x/", "https://", "sparse+https://host:99999/",
                           "https://user:pw@host/index/", "https://ho st/", "https://host/a\nb",
                           "sparse+ssh://host/x", "https://host/index/?q=1"}) {
    EXPECT_THROW(parse_index_url(text), Error) << text;
  }
  try {
    parse_index_url("sparse+ftp://x/");
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unsupported scheme 'ftp'"), std::string::npos);
  }
}

TEST(IndexUrl, KnowsLoopback) {
  EXPECT_TRUE(parse_index_url("http://127.0.0.1:1/").is_loopback());
  EXPECT_TRUE(parse_index_url("http://localhost/").is_loopback());
  EXPECT_TRUE(parse_index_url("http://[::1]:80/").is_loopback());
  EXPECT_FALSE(parse_index_url("http://example.com/").is_loopback());
}

}  // namespace
}  // namespace ca
