// The transfer engine on POSIX: libcurl's multi interface, one thread, every
// rule of net/transfer_engine.hpp set as curl options.
#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "net/transfer_engine.hpp"
#include "util/strings.hpp"

namespace ca::net_engine {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlTransfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  HttpResponse* response = nullptr;
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
  std::size_t header_bytes = 0;
  bool head_only = false;  // HEAD: Content-Length describes a body that never comes
  bool too_large = false;
  std::string error_buffer = std::string(CURL_ERROR_SIZE, '\0');
  ~CurlTransfer() {
    if (headers != nullptr) curl_slist_free_all(headers);
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

// Returning less than given makes curl stop the transfer (CURLE_WRITE_ERROR).
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* target) {
  auto* t = static_cast<CurlTransfer*>(target);
  const std::size_t bytes = size * count;
  if (t->response->body.size() + bytes > t->max_body_bytes) {
    t->too_large = true;
    return 0;
  }
  t->response->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* target) {
  auto* t = static_cast<CurlTransfer*>(target);
  const std::size_t bytes = size * count;
  t->header_bytes += bytes;
  if (t->header_bytes > kMaxHeaderBytes) {
    t->too_large = true;
    return 0;
  }
  const std::string line(data, bytes);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = to_lower(trim(line.substr(0, colon)));
    std::string value = trim(line.substr(colon + 1));
    // A declared length over the limit ends the transfer before the body comes.
    if (!t->head_only && name == "content-length" && announces_too_large_body(value, t->max_body_bytes)) {
      t->too_large = true;
      return 0;
    }
    t->response->headers[std::move(name)] = std::move(value);
  }
  return bytes;
}

NetError classify(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return NetError::kNone;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return NetError::kDns;
    case CURLE_COULDNT_CONNECT:
      return NetError::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return NetError::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return NetError::kTls;
    default:
      return NetError::kOther;
  }
}

std::unique_ptr<CurlTransfer> prepare(const HttpRequest& request, HttpResponse& response) {
  auto t = std::make_unique<CurlTransfer>();
  t->response = &response;
  t->max_body_bytes = request.max_body_bytes;
  t->head_only = request.method == "HEAD";
  t->easy = curl_easy_init();
  CURL* e = t->easy;
  curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
  // Also covers a credential-less request to loopback: nothing for a proxy there.
  if (goes_to_loopback(request.url)) curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error_buffer.data());
  curl_easy_setopt(e, CURLOPT_USERAGENT, kUserAgent);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, request.authorization ? 0L : 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(kMaxRedirects));
  if (request.method == "HEAD") curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  if (!request.body.empty()) {
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  for (const auto& header : request.headers) t->headers = curl_slist_append(t->headers, header.c_str());
  if (request.authorization) {
    t->headers = curl_slist_append(t->headers, ("Authorization: " + request.authorization->reveal()).c_str());
  }
  if (t->headers != nullptr) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
  return t;
}

void finish(CurlTransfer& t, CURLcode code) {
  HttpResponse& r = *t.response;
  r.error = classify(code);
  if (t.too_large) {
    report_too_large(r, t.max_body_bytes);
  } else if (code == CURLE_OK) {
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &r.status);
  } else {
    const std::string detail = t.error_buffer.c_str();
    r.error_message = detail.empty() ? curl_easy_strerror(code) : detail;
  }
  double seconds = 0;
  curl_easy_getinfo(t.easy, CURLINFO_TOTAL_TIME, &seconds);
  r.seconds = seconds;
}

}  // namespace

void run_transfers(const std::vector<Transfer>& transfers, int max_connections) {
  global_init_once();
  std::vector<std::unique_ptr<CurlTransfer>> prepared(transfers.size());
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(max_connections));
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(kMaxConnectionsPerHost));
  for (std::size_t i = 0; i < transfers.size(); ++i) {
    prepared[i] = prepare(*transfers[i].request, *transfers[i].response);
    curl_easy_setopt(prepared[i]->easy, CURLOPT_PRIVATE, prepared[i].get());
    curl_multi_add_handle(multi, prepared[i]->easy);
  }
  int running = 0;
  do {
    curl_multi_perform(multi, &running);
    bool finished_any = false;
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CurlTransfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      finish(*t, msg->data.result);
      curl_multi_remove_handle(multi, msg->easy_handle);
      finished_any = true;
    }
    // A finished transfer frees a connection for a queued one (per-host cap):
    // start it now rather than after the poll's timeout.
    if (finished_any) continue;
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  } while (running > 0);
  curl_multi_cleanup(multi);
}

}  // namespace ca::net_engine
