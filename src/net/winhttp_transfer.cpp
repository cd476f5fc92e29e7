// The transfer engine on Windows: WinHTTP, which every Windows ships (Debian
// has no mingw build of libcurl), with the rules of net/transfer_engine.hpp.
//
// Synchronous WinHttp* calls on a bounded set of std::threads: one thread per
// connection in use, at most max_connections threads, and a request starts
// only while its host has fewer than kMaxConnectionsPerHost in flight. Simpler
// than WinHTTP's callback mode, and the thread count is the connection bound.
//
// Redirects are followed here, one hop at a time, instead of by WinHTTP, so
// every hop gets the decisions of the first: the proxy choice (a redirect to
// loopback never goes through a proxy), no https -> http downgrade, at most
// kMaxRedirects, and none at all when a credential is attached.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "config/index_url.hpp"
#include "net/host_slots.hpp"
#include "net/proxy_environment.hpp"
#include "net/redirect_location.hpp"
#include "net/transfer_engine.hpp"
#include "net/winhttp_support.hpp"
#include "url/url_normalization.hpp"
#include "util/strings.hpp"
#include "util/url_display.hpp"

namespace ca::net_engine {
namespace {

using Clock = std::chrono::steady_clock;

// A proxy named by an environment variable, in the form WinHTTP takes.
struct Proxy {
  std::wstring server;  // host:port
  std::wstring user;
  std::wstring password;
};

// WinHTTP talks to proxies in plain HTTP only: an https:// or SOCKS proxy is
// refused rather than bypassed, so a request never goes direct where the
// agent meant it to go through a proxy.
std::optional<Proxy> windows_proxy(const ProxySetting& setting, const std::string& url, Failure& failure) {
  std::string problem;
  const auto parsed = parse_http_proxy(setting.value, problem);
  if (!parsed) {
    failure = {NetError::kOther, url_without_secrets(url) + ": " + setting.variable + " (" +
                                     url_without_secrets(setting.value) + ") cannot be used: " + problem +
                                     ". Set " + setting.variable +
                                     " to the proxy's http:// address, or add the host to no_proxy"};
    return std::nullopt;
  }
  return Proxy{widen(parsed->server), widen(parsed->user), widen(parsed->password)};
}

std::string scheme_of(const std::string& url) { return to_lower(url.substr(0, url.find("://"))); }

// WinHTTP sessions by proxy: one direct, one per proxy server in use. The
// proxy is chosen per request (choose_proxy) and set on the session rather
// than on the request (WINHTTP_OPTION_PROXY), which wine's WinHTTP ignores.
// WinHTTP's own proxy settings (netsh winhttp) are never read: cargo's
// libcurl does not read them either.
class Sessions {
 public:
  Sessions() : agent_(widen(kUserAgent)) {}

  // The session for this proxy server ("" = direct), or nullptr with the error.
  HINTERNET get(const std::wstring& proxy_server, DWORD& error) {
    std::lock_guard lock(mutex_);
    auto& slot = sessions_[proxy_server];
    if (!slot) {
      const bool direct = proxy_server.empty();
      HINTERNET session =
          WinHttpOpen(agent_.c_str(), direct ? WINHTTP_ACCESS_TYPE_NO_PROXY : WINHTTP_ACCESS_TYPE_NAMED_PROXY,
                      direct ? WINHTTP_NO_PROXY_NAME : proxy_server.c_str(), WINHTTP_NO_PROXY_BYPASS, 0);
      if (session == nullptr) {
        error = GetLastError();
        sessions_.erase(proxy_server);
        return nullptr;
      }
      DWORD per_server = kMaxConnectionsPerHost;
      WinHttpSetOption(session, WINHTTP_OPTION_MAX_CONNS_PER_SERVER, &per_server, sizeof(per_server));
      WinHttpSetOption(session, WINHTTP_OPTION_MAX_CONNS_PER_1_0_SERVER, &per_server, sizeof(per_server));
      slot = std::make_unique<Handle>(session);
    }
    return slot->get();
  }

 private:
  std::wstring agent_;
  std::mutex mutex_;
  std::map<std::wstring, std::unique_ptr<Handle>> sessions_;
};

// WinHttpCrackUrl ends the authority at the first '/' only, so it reads
// "http://127.0.0.1:9?@evil.example/" as user "127.0.0.1", host evil.example;
// the URL model (IndexUrl), curl and every rule here (https only except
// loopback, no proxy for loopback) end it at '?' and '#' too and judged
// 127.0.0.1. A URL is fetched only when both read the same host and port.
bool reads_alike(const std::string& url, const std::string& winhttp_host, INTERNET_PORT winhttp_port) {
  std::string text = url.substr(0, url.find_first_of("?#"));
  // User information is the caller's business (a credential never travels
  // with it: http_client refuses that); the host after it is what counts.
  if (const auto authority = text.find("://"); authority != std::string::npos) {
    const auto end = text.find('/', authority + 3);
    const auto at = text.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at != std::string::npos && at > authority) text.erase(authority + 3, at - authority - 2);
  }
  IndexUrl model;
  if (!try_parse_index_url(text, model) || model.sparse) return false;
  std::string why;
  // An IPv6 literal, in case WinHTTP hands it over without its brackets.
  const bool bare_ipv6 = winhttp_host.find(':') != std::string::npos && winhttp_host.front() != '[';
  const auto host = url::normalize_host(bare_ipv6 ? "[" + winhttp_host + "]" : winhttp_host, why);
  const int model_port = model.port != 0 ? model.port : (model.scheme == "https" ? 443 : 80);
  return host && *host == model.host && model_port == winhttp_port;
}

// One request's life, possibly over several redirect hops.
class RequestRun {
 public:
  RequestRun(const HttpRequest& request, HttpResponse& response, Sessions& sessions)
      : request_(request),
        response_(response),
        sessions_(sessions),
        start_(Clock::now()),
        deadline_(start_ + request.timeout) {}

  void run() {
    std::string url = request_.url;
    std::string method = request_.method;
    bool send_body = true;
    for (int hop = 0;; ++hop) {
      std::optional<std::string> next = exchange(url, method, send_body);
      if (!next) break;
      if (hop == kMaxRedirects) {
        fail({NetError::kOther, url_without_secrets(request_.url) + ": more than " +
                                    std::to_string(kMaxRedirects) + " redirects"});
        break;
      }
      // As libcurl: 303 turns any method but HEAD into GET, 301/302 turn POST into GET.
      const long status = response_.status;
      if ((status == 303 && method != "HEAD") || ((status == 301 || status == 302) && method == "POST")) {
        method = "GET";
        send_body = false;
      }
      url = *next;
    }
    response_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  }

 private:
  void fail(Failure failure) {
    response_.status = 0;
    response_.body.clear();
    response_.error = failure.error;
    response_.error_message = std::move(failure.message);
  }

  // Time left before the request's deadline, in WinHTTP's int milliseconds
  // (at least 1: 0 would mean "no timeout" to some options).
  [[nodiscard]] std::optional<int> remaining_ms() const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
    if (left <= 0) return std::nullopt;
    return static_cast<int>(left > 0x7fffffff ? 0x7fffffff : left);
  }

  void fail_timeout(const std::string& url) {
    fail({NetError::kTimeout, url_without_secrets(url) + ": no complete answer within " +
                                  std::to_string(request_.timeout.count()) + " ms"});
  }

  // Bounds every blocking call that follows by the time left.
  bool arm_timeouts(HINTERNET request, const std::string& url) {
    const auto left = remaining_ms();
    if (!left) {
      fail_timeout(url);
      return false;
    }
    WinHttpSetTimeouts(request, *left, *left, *left, *left);
    DWORD value = static_cast<DWORD>(*left);
    WinHttpSetOption(request, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &value, sizeof(value));
    return true;
  }

  // The proxy libcurl would use for this URL; an empty server means direct.
  bool choose_proxy(const std::string& url, const std::string& host, Proxy& proxy) {
    // Never a proxy for loopback: the connection itself must stay on this machine.
    if (goes_to_loopback(url)) return true;
    const auto setting = proxy_from_environment(scheme_of(url), host, environment_variable);
    if (!setting) return true;
    Failure failure;
    auto parsed = windows_proxy(*setting, url, failure);
    if (!parsed) {
      fail(std::move(failure));
      return false;
    }
    proxy = std::move(*parsed);
    return true;
  }

  std::wstring request_headers() const {
    std::string text;
    for (const auto& header : request_.headers) {
      // WinHTTP writes Content-Length from the body it is given; a second one
      // from the caller would make the request ambiguous to the server.
      if (to_lower(trim(header.substr(0, header.find(':')))) == "content-length") continue;
      text += header + "\r\n";
    }
    if (request_.authorization) text += "Authorization: " + request_.authorization->reveal() + "\r\n";
    return widen(text);
  }

  // Headers of the answer, lower-cased names; false when over the cap.
  bool read_headers(HINTERNET request, const std::string& url) {
    response_.headers.clear();  // a redirect's headers are not the answer's
    DWORD size = 0;
    WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX, nullptr, &size,
                        WINHTTP_NO_HEADER_INDEX);
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) return true;
    if (size / sizeof(wchar_t) > kMaxHeaderBytes) {
      fail(winhttp_failure(url, ERROR_WINHTTP_HEADER_SIZE_OVERFLOW));
      return false;
    }
    std::wstring raw(size / sizeof(wchar_t) + 1, L'\0');
    if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX,
                             raw.data(), &size, WINHTTP_NO_HEADER_INDEX)) {
      return true;
    }
    raw.resize(size / sizeof(wchar_t));
    const std::string text = narrow(raw);
    std::size_t start = text.find("\r\n");  // past the status line
    while (start != std::string::npos && start < text.size()) {
      start += 2;
      const auto end = text.find("\r\n", start);
      const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      start = end;
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      response_.headers[to_lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    }
    return true;
  }

  bool read_body(HINTERNET request, const std::string& url) {
    std::vector<char> buffer(64 * 1024);
    for (;;) {
      if (!arm_timeouts(request, url)) return false;
      // Never more than one byte past the limit is read: memory stays bounded.
      const std::size_t left = request_.max_body_bytes - response_.body.size();
      DWORD want = static_cast<DWORD>(left < buffer.size() ? left + 1 : buffer.size());
      // Ask what has arrived first and read only that: WinHttpReadData would
      // wait for `want` bytes, each trickle resetting the per-read timeout, so
      // a server sending a byte at a time could outlast the request's bound.
      DWORD available = 0;
      if (WinHttpQueryDataAvailable(request, &available) && available > 0 && available < want)
        want = available;
      if (!arm_timeouts(request, url)) return false;
      DWORD got = 0;
      if (!WinHttpReadData(request, buffer.data(), want, &got)) {
        const DWORD code = GetLastError();
        if (code == ERROR_WINHTTP_TIMEOUT) {
          fail_timeout(url);
        } else {
          fail(winhttp_failure(url, code));
        }
        return false;
      }
      if (got == 0) return true;
      if (response_.body.size() + got > request_.max_body_bytes) {
        report_too_large(response_, request_.max_body_bytes);
        return false;
      }
      response_.body.append(buffer.data(), got);
    }
  }

  // One hop: the URL to go on to when this answer is a redirect to follow,
  // nullopt when the response (or its failure) is final.
  std::optional<std::string> exchange(const std::string& url, const std::string& method, bool send_body) {
    // The fragment is the client's, never sent (libcurl drops it too).
    const std::wstring wide_url = widen(url.substr(0, url.find('#')));
    URL_COMPONENTS parts{};
    parts.dwStructSize = sizeof(parts);
    parts.dwHostNameLength = static_cast<DWORD>(-1);
    parts.dwUrlPathLength = static_cast<DWORD>(-1);
    parts.dwExtraInfoLength = static_cast<DWORD>(-1);
    if (!WinHttpCrackUrl(wide_url.c_str(), static_cast<DWORD>(wide_url.size()), 0, &parts) ||
        (parts.nScheme != INTERNET_SCHEME_HTTP && parts.nScheme != INTERNET_SCHEME_HTTPS)) {
      fail(winhttp_failure(url, ERROR_WINHTTP_INVALID_URL));
      return std::nullopt;
    }
    const std::wstring host(parts.lpszHostName, parts.dwHostNameLength);
    if (!reads_alike(url, narrow(host), parts.nPort)) {
      fail({NetError::kOther, url_without_secrets(url) +
                                  ": WinHTTP would read another host or port in this URL than the one it was "
                                  "judged by (an '@' after a '?' or '#'); nothing was sent"});
      return std::nullopt;
    }
    std::wstring target(parts.lpszUrlPath, parts.dwUrlPathLength);
    target.append(parts.lpszExtraInfo, parts.dwExtraInfoLength);
    if (target.empty()) target = L"/";
    std::string bare_host = narrow(host);
    if (bare_host.size() > 2 && bare_host.front() == '[')
      bare_host = bare_host.substr(1, bare_host.size() - 2);

    Proxy proxy;
    if (!choose_proxy(url, bare_host, proxy)) return std::nullopt;
    DWORD session_error = ERROR_SUCCESS;
    HINTERNET session = sessions_.get(proxy.server, session_error);
    if (session == nullptr) {
      fail(winhttp_failure(url, session_error));
      return std::nullopt;
    }
    Handle connection(WinHttpConnect(session, host.c_str(), parts.nPort, 0));
    if (!connection) {
      fail(winhttp_failure(url, GetLastError()));
      return std::nullopt;
    }
    const std::wstring verb = widen(method);
    // ESCAPE_DISABLE: the path and query go out as the caller wrote them, as with libcurl.
    const DWORD flags = WINHTTP_FLAG_ESCAPE_DISABLE | WINHTTP_FLAG_ESCAPE_DISABLE_QUERY |
                        (parts.nScheme == INTERNET_SCHEME_HTTPS ? WINHTTP_FLAG_SECURE : 0);
    Handle request(WinHttpOpenRequest(connection.get(), verb.c_str(), target.c_str(), nullptr,
                                      WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, flags));
    if (!request) {
      fail(winhttp_failure(url, GetLastError()));
      return std::nullopt;
    }
    configure(request.get());
    if (!arm_timeouts(request.get(), url)) return std::nullopt;

    const std::wstring headers = request_headers();
    const std::string* body = send_body ? &request_.body : nullptr;
    const DWORD body_size = body == nullptr ? 0 : static_cast<DWORD>(body->size());
    bool proxy_credentials_sent = false;
    for (;;) {
      if (!WinHttpSendRequest(request.get(),
                              headers.empty() ? WINHTTP_NO_ADDITIONAL_HEADERS : headers.c_str(),
                              static_cast<DWORD>(headers.size()),
                              body_size == 0 ? WINHTTP_NO_REQUEST_DATA : const_cast<char*>(body->data()),
                              body_size, body_size, 0) ||
          !arm_timeouts(request.get(), url) || !WinHttpReceiveResponse(request.get(), nullptr)) {
        if (response_.error == NetError::kNone) {
          const DWORD code = GetLastError();
          code == ERROR_WINHTTP_TIMEOUT ? fail_timeout(url) : fail(winhttp_failure(url, code));
        }
        return std::nullopt;
      }
      DWORD status = 0;
      DWORD size = sizeof(status);
      WinHttpQueryHeaders(request.get(), WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                          WINHTTP_HEADER_NAME_BY_INDEX, &status, &size, WINHTTP_NO_HEADER_INDEX);
      response_.status = static_cast<long>(status);
      // A proxy asking for the user and password its variable names: answer
      // once with them (libcurl does the same with Basic), then take what comes.
      if (status == 407 && !proxy.user.empty() && !proxy_credentials_sent) {
        DWORD supported = 0;
        DWORD first = 0;
        DWORD target_kind = 0;
        if (WinHttpQueryAuthSchemes(request.get(), &supported, &first, &target_kind) &&
            (supported & WINHTTP_AUTH_SCHEME_BASIC) != 0 &&
            WinHttpSetCredentials(request.get(), WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_BASIC,
                                  proxy.user.c_str(), proxy.password.c_str(), nullptr)) {
          proxy_credentials_sent = true;
          if (!arm_timeouts(request.get(), url)) return std::nullopt;
          continue;
        }
      }
      break;
    }
    if (!read_headers(request.get(), url)) return std::nullopt;

    if (is_followed_redirect(response_.status) && !request_.authorization) {
      const auto location = response_.header("location");
      if (location && !location->empty()) {
        // Otherwise (https -> http, another scheme) the 3xx answer is the result.
        const std::string next = resolve_location(url, *location);
        if (redirect_allowed(url, next)) return next;
      }
    }
    if (method == "HEAD") return std::nullopt;  // no body follows, whatever Content-Length says
    if (const auto length = response_.header("content-length");
        length && announces_too_large_body(*length, request_.max_body_bytes)) {
      report_too_large(response_, request_.max_body_bytes);
      return std::nullopt;
    }
    read_body(request.get(), url);
    return std::nullopt;
  }

  static void configure(HINTERNET request) {
    // Redirects are followed by run(), one checked hop at a time.
    DWORD never = WINHTTP_OPTION_REDIRECT_POLICY_NEVER;
    WinHttpSetOption(request, WINHTTP_OPTION_REDIRECT_POLICY, &never, sizeof(never));
    // The header cap libcurl's engine applies (WinHTTP's default is 64 KiB).
    DWORD header_cap = static_cast<DWORD>(kMaxHeaderBytes);
    WinHttpSetOption(request, WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE, &header_cap, sizeof(header_cap));
    // Like libcurl: no cookie jar, and never the Windows logon credentials
    // sent to a server or proxy that asks for NTLM/Negotiate.
    DWORD no_cookies = WINHTTP_DISABLE_COOKIES;
    WinHttpSetOption(request, WINHTTP_OPTION_DISABLE_FEATURE, &no_cookies, sizeof(no_cookies));
    DWORD autologon = WINHTTP_AUTOLOGON_SECURITY_LEVEL_HIGH;
    WinHttpSetOption(request, WINHTTP_OPTION_AUTOLOGON_POLICY, &autologon, sizeof(autologon));
    // Certificate revocation is checked, as cargo's libcurl does on Windows
    // (http.check-revoke defaults to true there). TLS verification itself is
    // WinHTTP's default, and no SECURITY_FLAG_IGNORE_* is ever set.
    DWORD revocation = WINHTTP_ENABLE_SSL_REVOCATION;
    WinHttpSetOption(request, WINHTTP_OPTION_ENABLE_FEATURE, &revocation, sizeof(revocation));
  }

  const HttpRequest& request_;
  HttpResponse& response_;
  Sessions& sessions_;
  Clock::time_point start_;
  Clock::time_point deadline_;
};

}  // namespace

void run_transfers(const std::vector<Transfer>& transfers, int max_connections) {
  if (transfers.empty()) return;
  Sessions sessions;
  std::vector<std::string> urls;
  urls.reserve(transfers.size());
  for (const auto& transfer : transfers) urls.push_back(transfer.request->url);
  HostSlots slots(urls, kMaxConnectionsPerHost);
  const std::size_t workers =
      std::min(transfers.size(), static_cast<std::size_t>(max_connections < 1 ? 1 : max_connections));
  std::vector<std::thread> threads;
  threads.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      while (const auto index = slots.next()) {
        RequestRun(*transfers[*index].request, *transfers[*index].response, sessions).run();
        slots.done(*index);
      }
    });
  }
  for (auto& thread : threads) thread.join();
}

}  // namespace ca::net_engine
