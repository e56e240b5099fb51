#include "sandbox/sandbox.hpp"

#include "sandbox/api/services.hpp"
#include "sandbox/files/url_signer.hpp"
#include "sandbox/graphql/executor.hpp"
#include "sandbox/graphql/type_system.hpp"
#include "sandbox/http/server.hpp"
#include "sandbox/tls/certificate_authority.hpp"
#include "sandbox/world/random.hpp"
#include "sandbox/world/world.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>

#include <openssl/rand.h>

#include <stdexcept>
#include <unistd.h>

namespace numerapi::sandbox {
namespace {

/// Random key material in the alphabet Numerai's keys use (upper-case letters and digits).
std::string random_key(std::size_t n) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string key(n, ' ');
    std::vector<unsigned char> bytes(n);
    if (RAND_bytes(bytes.data(), static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
    for (std::size_t i = 0; i < n; ++i) key[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
    return key;
}

world_config make_world_config(const sandbox_config& c, const std::string& public_id) {
    world_config w;
    w.start_time = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    w.dataset_size = c.dataset_size;
    w.public_id = public_id;
    return w;
}

} // namespace

boost::json::object ready_info::to_json() const {
    return {{"api_url", api_url},
            {"ca_file", ca_file.string()},
            {"public_id", public_id},
            {"secret_key", secret_key},
            {"pid", pid}};
}

struct sandbox::impl {
    impl(boost::asio::io_context& ioc, sandbox_config c)
        : config(prepare(std::move(c))),
          certificates(tls::make_certificates(config.state_dir, config.certificate_names)),
          tls_context(boost::asio::ssl::context::tls_server), state(make_world_config(config, config.public_id)),
          services{state, signer, "", config.url_ttl, config.upload_form, &fault_plan},
          executor(graphql::parse_schema(api::schema_text())),
          log(config.state_dir / "requests.log", config.request_log_capacity) {
        tls_context.set_options(boost::asio::ssl::context::default_workarounds | boost::asio::ssl::context::no_sslv2 |
                                boost::asio::ssl::context::no_sslv3 | boost::asio::ssl::context::no_tlsv1 |
                                boost::asio::ssl::context::no_tlsv1_1);
        tls_context.use_certificate_chain_file(certificates.server_certificate.string());
        tls_context.use_private_key_file(certificates.server_key.string(), boost::asio::ssl::context::pem);
        api::register_all(executor, services);
        fault_plan.replace(config.faults);

        const boost::asio::ip::tcp::endpoint endpoint{boost::asio::ip::make_address(config.address), config.port};
        server = std::make_unique<http::server>(
            ioc.get_executor(), tls_context, endpoint,
            http::router_context{executor, services, log, fault_plan,
                                 "Token " + config.public_id + "$" + config.secret_key, config.validation_error_status,
                                 config.state_dir / "uploads", config.max_upload},
            log, http::server_limits{.max_request_body = config.max_request_body});
        const auto bound = server->local_endpoint();
        const std::string host =
            bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
        services.base_url = "https://" + host + ":" + std::to_string(bound.port());
        services.dataset_url_base = config.dataset_url_base;
        ready = {services.base_url, certificates.ca_certificate, config.public_id, config.secret_key,
                 static_cast<long>(::getpid())};
        server->start();
    }

    static sandbox_config prepare(sandbox_config c) {
        if (c.state_dir.empty()) throw std::invalid_argument("numerapi-sandbox: a state directory is required");
        if (!boost::asio::ip::make_address(c.address).is_loopback())
            throw std::invalid_argument("numerapi-sandbox listens on loopback addresses only, not " + c.address);
        std::filesystem::create_directories(c.state_dir / "uploads");
        if (c.public_id.empty()) c.public_id = random_key(32);
        if (c.secret_key.empty()) c.secret_key = random_key(64);
        return c;
    }

    sandbox_config config;
    tls::certificate_files certificates;
    boost::asio::ssl::context tls_context;
    files::url_signer signer;
    world state;
    api::services services;
    graphql::executor executor;
    http::request_log log;
    faults::fault_plan fault_plan;
    std::unique_ptr<http::server> server;
    ready_info ready;
};

sandbox::sandbox(boost::asio::io_context& ioc, sandbox_config config)
    : impl_(std::make_unique<impl>(ioc, std::move(config))) {}

sandbox::~sandbox() = default;

const ready_info& sandbox::ready() const { return impl_->ready; }
const http::request_log& sandbox::log() const { return impl_->log; }
http::request_log& sandbox::log() { return impl_->log; }
faults::fault_plan& sandbox::faults() { return impl_->fault_plan; }
void sandbox::stop() { impl_->server->stop(); }

} // namespace numerapi::sandbox
