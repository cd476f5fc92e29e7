#include "config/registry_name.hpp"

#include <gtest/gtest.h>

namespace ca {
namespace {

TEST(RegistryName, AcceptsCargoNames) {
  for (const char* name : {"my-feed", "my_feed", "_private", "Feed2", "a", "crates-io", "fëed", "注册"}) {
    EXPECT_FALSE(registry_name_problem(name).has_value()) << name;
  }
}

TEST(RegistryName, RejectsWhatCargoRejects) {
  EXPECT_EQ(registry_name_problem(""), "a registry name may not be empty");
  EXPECT_EQ(registry_name_problem("1feed"), "the name may not start with a digit");
  for (const char* name :
       {"-feed", "my feed", "my.feed", "feed]", "feed;x", "a\nb", "a%b", "a:b", "a/b", "\xff"}) {
    EXPECT_TRUE(registry_name_problem(name).has_value()) << name;
  }
}

TEST(RegistryName, EveryDashBecomesUnderscore) {
  // CargoAuthenticate@0 once replaced only the first '-' (PR #18421).
  EXPECT_EQ(registry_env_stem("my-big-feed"), "MY_BIG_FEED");
  EXPECT_EQ(token_variable_for("my-big-feed"), "CARGO_REGISTRIES_MY_BIG_FEED_TOKEN");
  EXPECT_EQ(credential_provider_variable_for("a-b"), "CARGO_REGISTRIES_A_B_CREDENTIAL_PROVIDER");
}

TEST(RegistryName, UpperCasesLikeRustToUppercase) {
  // Seen with cargo 1.95: `straße` reads CARGO_REGISTRIES_STRASSE_TOKEN, `café` CARGO_REGISTRIES_CAFÉ_TOKEN.
  EXPECT_EQ(token_variable_for("straße"), "CARGO_REGISTRIES_STRASSE_TOKEN");
  EXPECT_EQ(token_variable_for("café"), "CARGO_REGISTRIES_CAFÉ_TOKEN");
  EXPECT_EQ(registry_env_stem("ωmega-ﬁ"), "ΩMEGA_FI");  // U+FB01 ligature: full mapping
  EXPECT_EQ(registry_env_stem("ǅ"), "Ǆ");               // title case to upper case
}

TEST(RegistryName, UsesUnicodeXidProperties) {
  // Each seen with cargo 1.95 (`cargo search --registry NAME`).
  for (const char* name : {"x-", "ß1", "x·y", "ⅰ", "𝔘", "_", "Ωmega"}) {
    EXPECT_FALSE(registry_name_problem(name).has_value()) << name;
  }
  for (const char* name : {"゛a", "a゛", "a b", "a.b", "a\u00a0b"}) {
    EXPECT_TRUE(registry_name_problem(name).has_value()) << name;
  }
}

TEST(RegistryName, CratesIoUsesRegistryVariables) {
  EXPECT_EQ(token_variable_for("crates-io"), "CARGO_REGISTRY_TOKEN");
  EXPECT_EQ(credential_provider_variable_for("crates-io"), "CARGO_REGISTRY_CREDENTIAL_PROVIDER");
}

}  // namespace
}  // namespace ca
