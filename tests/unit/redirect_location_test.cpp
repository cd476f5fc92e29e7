// The redirect rules of the engine that follows redirects itself (WinHTTP).
#include "net/redirect_location.hpp"

#include <gtest/gtest.h>

namespace ca::net_engine {
namespace {

TEST(RedirectLocation, ResolvedAgainstTheAnsweringUrl) {
  const std::string base = "https://r.example:8443/index/a/b?x=1#frag";
  EXPECT_EQ(resolve_location(base, "https://other.example/c"), "https://other.example/c");
  EXPECT_EQ(resolve_location(base, "HTTP://other.example"), "HTTP://other.example");
  EXPECT_EQ(resolve_location(base, "//cdn.example/c"), "https://cdn.example/c");
  EXPECT_EQ(resolve_location(base, "/root"), "https://r.example:8443/root");
  EXPECT_EQ(resolve_location(base, "c?d=2"), "https://r.example:8443/index/a/c?d=2");
  EXPECT_EQ(resolve_location(base, "?y=2"), "https://r.example:8443/index/a/b?y=2");
  EXPECT_EQ(resolve_location(base, "#other"), "https://r.example:8443/index/a/b?x=1");
  EXPECT_EQ(resolve_location("http://h:1", "c"), "http://h:1/c");
  EXPECT_EQ(resolve_location("http://h:1", "?q"), "http://h:1/?q");
  // A colon later in the path is no scheme.
  EXPECT_EQ(resolve_location("http://h/a/", "b/c://d"), "http://h/a/b/c://d");
}

TEST(RedirectLocation, NeverDownFromHttps) {
  EXPECT_TRUE(redirect_allowed("https://a/", "https://b/"));
  EXPECT_TRUE(redirect_allowed("http://a/", "https://b/"));
  EXPECT_TRUE(redirect_allowed("http://a/", "HTTP://b/"));
  EXPECT_FALSE(redirect_allowed("https://a/", "http://b/"));
  EXPECT_FALSE(redirect_allowed("HTTPS://a/", "http://a/"));
  EXPECT_FALSE(redirect_allowed("http://a/", "file:///etc/passwd"));
  EXPECT_FALSE(redirect_allowed("http://a/", "ftp://b/"));
  for (long status : {301L, 302L, 303L, 307L, 308L}) EXPECT_TRUE(is_followed_redirect(status)) << status;
  for (long status : {200L, 300L, 304L, 305L, 306L, 401L})
    EXPECT_FALSE(is_followed_redirect(status)) << status;
}

}  // namespace
}  // namespace ca::net_engine
