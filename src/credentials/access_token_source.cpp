#include "credentials/access_token_source.hpp"

#include "config/azure_feed.hpp"

namespace ca {

AccessTokenSource::AccessTokenSource(const Environment& env)
    : collection_(parse_collection_uri(env.get_or("SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", ""))) {
  for (const char* variable : {"SECRET_SYSTEM_ACCESSTOKEN", "SYSTEM_ACCESSTOKEN",
                               "ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"}) {
    if (auto token = env.non_empty(variable)) {
      bearer_ = Secret("Bearer " + *token);
      break;
    }
  }
}

SourceAnswer AccessTokenSource::find(const Registry& registry) const {
  switch (classify_feed(registry.index, collection_ ? &*collection_ : nullptr)) {
    case FeedOwner::kNotAzureArtifacts:
      return SourceAnswer::not_applicable();
    case FeedOwner::kOtherOrganization: {
      const auto feed = azure_feed_of(registry.index);
      const std::string org = feed ? "organization '" + feed->organization + "'" : "another collection";
      return SourceAnswer::missing(
          "registry '" + registry.name + "' is a feed of " + org +
              ", not of this build's organization, so the build's access token is not sent to it. "
              "Add a Cargo service connection (cargoServiceConnections) with a PAT for that "
              "organization, or map a secret variable with tokenVariables.",
          false);
    }
    case FeedOwner::kThisOrganization:
      break;
  }
  if (bearer_) return SourceAnswer::found(Credential{*bearer_, "System.AccessToken"});
  return SourceAnswer::missing(
      "registry '" + registry.name +
          "' is a feed of this organization, but the build has no System.AccessToken. In a YAML "
          "pipeline make sure the job is not a fork build without access to secrets; in a classic "
          "pipeline enable \"Allow scripts to access the OAuth token\" on the agent job. Or map a "
          "PAT with tokenVariables.",
      true);
}

}  // namespace ca
