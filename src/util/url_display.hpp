#pragma once
// A URL as it may be printed in a message: the user-information part
// ("user:password@") and every query and fragment value replaced by "***", so
// an index URL someone wrote a credential into (user:password@,
// ?access_token=...) is never printed whole, even when it is rejected.
// Pure function on any text (it need not be a valid URL); never throws.
#include <string>
#include <string_view>

namespace ca {

std::string url_without_secrets(std::string_view url);

}  // namespace ca
