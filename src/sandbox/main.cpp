// numerapi-sandbox: runs the sandbox until SIGTERM or SIGINT.
#include "sandbox/sandbox.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <charconv>
#include <fstream>
#include <cstdlib>
#include <iostream>

namespace po = boost::program_options;

namespace {

/// "268435456", "256M", "1G", "64k" -> bytes.
std::uint64_t parse_size(const std::string& text) {
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr == text.data())
        throw po::validation_error(po::validation_error::invalid_option_value, "dataset-size", text);
    const std::string_view suffix{ptr, static_cast<std::size_t>(text.data() + text.size() - ptr)};
    if (suffix.empty() || suffix == "B") return value;
    if (suffix == "k" || suffix == "K" || suffix == "KiB") return value << 10;
    if (suffix == "M" || suffix == "MiB") return value << 20;
    if (suffix == "G" || suffix == "GiB") return value << 30;
    throw po::validation_error(po::validation_error::invalid_option_value, "dataset-size", text);
}

} // namespace

int main(int argc, char** argv) {
    numerapi::sandbox::sandbox_config config;
    std::string dataset_size = "8M";
    std::vector<std::string> fault_texts;
    std::string faults_file;
    long url_ttl = 3600;
    po::options_description options("numerapi-sandbox: a local HTTPS server that speaks Numerai's tournament API\n\n"
                                    "Usage: numerapi-sandbox --state-dir DIR [--port 0] [options]\n\n"
                                    "Once it accepts connections it prints one JSON line with api_url, ca_file,\n"
                                    "public_id, secret_key and pid. It stops on SIGTERM or SIGINT.\n\nOptions");
    options.add_options()("help,h", "show this help")("state-dir", po::value(&config.state_dir)->required(),
                                                      "directory for the CA, certificate, key and request log")(
        "port", po::value(&config.port)->default_value(0), "TCP port; 0 picks a free one")(
        "address", po::value(&config.address)->default_value("127.0.0.1"), "loopback address to bind")(
        "dataset-size", po::value(&dataset_size)->default_value("8M"),
        "size of the largest dataset file (bytes, or with k/M/G)")("url-ttl", po::value(&url_ttl)->default_value(3600),
                                                                   "lifetime of presigned URLs in seconds")(
        "public-id", po::value(&config.public_id), "API public id to accept (default: random)")(
        "secret-key", po::value(&config.secret_key), "API secret key to accept (default: random)")(
        "validation-error-status", po::value(&config.validation_error_status)->default_value(400),
        "HTTP status for GraphQL syntax and validation errors")(
        "upload-form", po::bool_switch(&config.upload_form),
        "upload auth hands out presigned POST form URLs (fields key and file) instead of PUT URLs")(
        "request-log-capacity", po::value(&config.request_log_capacity)->default_value(config.request_log_capacity),
        "entries of the request log kept in memory (GET /_sandbox/requests); older ones are dropped")(
        "fault", po::value(&fault_texts)->composing(), "a fault rule as JSON (repeatable); see GET /_sandbox/faults")(
        "faults", po::value(&faults_file), "a JSON file with an array of fault rules")(
        "cert-name", po::value(&config.certificate_names)->composing(),
        "subjectAltName of the server certificate (repeatable; default 127.0.0.1 and localhost)")(
        "dataset-url-base", po::value(&config.dataset_url_base),
        "origin (https://host:port) that dataset URLs name instead of the sandbox: another server "
        "with the same files under the same paths");
    try {
        po::variables_map vm;
        po::store(po::parse_command_line(argc, argv, options), vm);
        if (vm.count("help") != 0) {
            std::cout << options << '\n';
            return 0;
        }
        po::notify(vm);
        config.dataset_size = parse_size(dataset_size);
        if (url_ttl < 0) throw std::invalid_argument("--url-ttl must not be negative");
        config.url_ttl = std::chrono::seconds{url_ttl};
        if (config.certificate_names.empty()) config.certificate_names = {"127.0.0.1", "localhost"};
        if (!faults_file.empty()) {
            std::ifstream in{faults_file};
            if (!in) throw std::invalid_argument("cannot read --faults file " + faults_file);
            const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            for (auto& r : numerapi::sandbox::faults::fault_plan::parse(text)) config.faults.push_back(std::move(r));
        }
        for (const auto& t : fault_texts)
            for (auto& r : numerapi::sandbox::faults::fault_plan::parse(t)) config.faults.push_back(std::move(r));
    } catch (const std::exception& e) {
        std::cerr << "numerapi-sandbox: " << e.what() << "\n(see numerapi-sandbox --help)\n";
        return 2;
    }

    try {
        boost::asio::io_context ioc{1};
        numerapi::sandbox::sandbox box{ioc, config};
        boost::asio::signal_set signals{ioc, SIGTERM, SIGINT};
        signals.async_wait([&](const boost::system::error_code& ec, int) {
            if (ec) return;
            box.stop();
            ioc.stop();
        });
        std::cout << boost::json::serialize(box.ready().to_json()) << std::endl;
        ioc.run();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "numerapi-sandbox: " << e.what() << '\n';
        return 1;
    }
}
