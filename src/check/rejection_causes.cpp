#include "check/rejection_causes.hpp"

#include "util/strings.hpp"

namespace ca {

std::string scheme_hint(const std::string& index) {
  const std::string url = to_lower(index);
  if (url.find("jfrog") != std::string::npos || url.find("artifactory") != std::string::npos)
    return "JFrog Artifactory expects the token with its scheme: `Bearer <token>`";
  if (url.find("pkgs.dev.azure.com") != std::string::npos ||
      url.find(".visualstudio.com") != std::string::npos)
    return "Azure Artifacts expects a PAT as `Basic base64(:PAT)` (a bare PAT is wrapped so) or the build's "
           "access token as `Bearer <token>`";
  return "some registries expect the token with a scheme such as `Bearer <token>` (JFrog, Cloudsmith) or "
         "`Basic <base64>`; cargo sends the variable's value as it is";
}

std::string rejection_causes(long status, const std::string& index) {
  if (status == 403)
    return "Likely causes, in order: 1) it may not read this feed: grant it read access (or the feed's "
           "permission for the build identity); 2) it belongs to another organisation or registry, or has "
           "expired: renew it; 3) " +
           scheme_hint(index);
  return "Likely causes, in order: 1) the token is expired, revoked or belongs to another registry: renew "
         "it; "
         "2) " +
         scheme_hint(index) + "; 3) the token may not read this feed: grant it read access";
}

}  // namespace ca
