#include "util/suggest.hpp"

#include <gtest/gtest.h>

namespace ca {
namespace {

TEST(EditDistance, CountsInsertDeleteSubstituteAndSwap) {
  EXPECT_EQ(edit_distance("publish", "publish"), 0u);
  EXPECT_EQ(edit_distance("publsh", "publish"), 1u);    // deletion
  EXPECT_EQ(edit_distance("publissh", "publish"), 1u);  // insertion
  EXPECT_EQ(edit_distance("pablish", "publish"), 1u);   // substitution
  EXPECT_EQ(edit_distance("pbulish", "publish"), 1u);   // adjacent swap
  EXPECT_EQ(edit_distance("PROGET", "proget"), 0u);     // case folds
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(ClosestName, SuggestsOnlyNearNames) {
  const std::vector<std::string> registries{"proget", "artifactory", "azure-feed"};
  EXPECT_EQ(closest_name("proge", registries), "proget");
  EXPECT_EQ(closest_name("artifactroy", registries), "artifactory");
  EXPECT_EQ(closest_name("azure_feed", registries), "azure-feed");
  EXPECT_EQ(closest_name("gitlab", registries), std::nullopt);  // nothing near
  EXPECT_EQ(closest_name("proget", registries), std::nullopt);  // exists: nothing to suggest
  EXPECT_EQ(closest_name("", registries), std::nullopt);
  EXPECT_EQ(closest_name("ab", {"xy"}), std::nullopt);  // 2 edits on 2 letters is not a typo
}

TEST(ClosestName, ShortNamesAllowOneEdit) {
  EXPECT_EQ(closest_name("lst", {"auth", "list", "login"}), "list");
  EXPECT_EQ(closest_name("ls", {"auth", "list", "login"}), std::nullopt);
}

TEST(DidYouMean, FormatsOrStaysEmpty) {
  EXPECT_EQ(did_you_mean("publsh", {"auth", "publish"}), " Did you mean 'publish'?");
  EXPECT_EQ(did_you_mean("zzz", {"auth", "publish"}), "");
}

}  // namespace
}  // namespace ca
