#include "config/azure_feed.hpp"

#include <gtest/gtest.h>

namespace ca {
namespace {

FeedOwner owner(const char* index, const char* collection) {
  return classify_feed(parse_index_url(index), collection);
}

TEST(AzureFeed, CloudFeedOfThisOrganization) {
  EXPECT_EQ(owner("sparse+https://pkgs.dev.azure.com/Contoso/_packaging/f/Cargo/index/",
                  "https://dev.azure.com/contoso/"),
            FeedOwner::kThisOrganization);
  EXPECT_EQ(owner("sparse+https://pkgs.dev.azure.com/contoso/proj/_packaging/f/Cargo/index/",
                  "https://dev.azure.com/contoso"),
            FeedOwner::kThisOrganization);
}

TEST(AzureFeed, CloudFeedOfAnotherOrganizationNeverGetsTheBuildToken) {
  // CargoAuthenticate@0 sends the build token here: every org shares the host.
  EXPECT_EQ(owner("sparse+https://pkgs.dev.azure.com/fabrikam/_packaging/f/Cargo/index/",
                  "https://dev.azure.com/contoso/"),
            FeedOwner::kOtherOrganization);
  EXPECT_EQ(owner("sparse+https://pkgs.dev.azure.com/contoso2/_packaging/f/Cargo/index/",
                  "https://dev.azure.com/contoso/"),
            FeedOwner::kOtherOrganization);
}

TEST(AzureFeed, LegacyVisualStudioHosts) {
  EXPECT_EQ(owner("sparse+https://contoso.pkgs.visualstudio.com/_packaging/f/Cargo/index/",
                  "https://contoso.visualstudio.com/"),
            FeedOwner::kThisOrganization);
  EXPECT_EQ(owner("sparse+https://contoso.pkgs.visualstudio.com/_packaging/f/Cargo/index/",
                  "https://dev.azure.com/contoso/"),
            FeedOwner::kThisOrganization);
  EXPECT_EQ(owner("sparse+https://fabrikam.pkgs.visualstudio.com/_packaging/f/Cargo/index/",
                  "https://contoso.visualstudio.com/"),
            FeedOwner::kOtherOrganization);
}

TEST(AzureFeed, OnPremisesCollection) {
  EXPECT_EQ(owner("sparse+https://tfs.corp/tfs/DefaultCollection/_packaging/f/Cargo/index/",
                  "https://tfs.corp/tfs/DefaultCollection/"),
            FeedOwner::kThisOrganization);
  EXPECT_EQ(owner("sparse+https://tfs.corp/tfs/Other/_packaging/f/Cargo/index/",
                  "https://tfs.corp/tfs/DefaultCollection/"),
            FeedOwner::kOtherOrganization);
  EXPECT_EQ(owner("sparse+https://elsewhere.corp/tfs/DefaultCollection/_packaging/f/Cargo/index/",
                  "https://tfs.corp/tfs/DefaultCollection/"),
            FeedOwner::kNotAzureArtifacts);
}

TEST(AzureFeed, OtherHostsAreNotAzure) {
  EXPECT_EQ(owner("sparse+https://proget.example.com/cargo/feed/", "https://dev.azure.com/contoso/"),
            FeedOwner::kNotAzureArtifacts);
  EXPECT_EQ(owner("sparse+https://cargo.cnb.cool/org/repo/-/cargo/", ""), FeedOwner::kNotAzureArtifacts);
}

}  // namespace
}  // namespace ca
