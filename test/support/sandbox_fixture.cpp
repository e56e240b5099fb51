#include "support/sandbox_fixture.hpp"

#include <boost/asio/post.hpp>

#include <random>

namespace numerapi::test {

temp_dir::temp_dir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("numerapi-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
}

temp_dir::~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

sandbox::sandbox_config running_sandbox::small_config() {
    sandbox::sandbox_config c;
    c.dataset_size = 64u << 10;
    return c;
}

running_sandbox::running_sandbox(sandbox::sandbox_config config) {
    config.state_dir = dir_.path() / "state";
    box_ = std::make_unique<sandbox::sandbox>(ioc_, std::move(config));
    thread_ = std::thread([this] { ioc_.run(); });
}

running_sandbox::~running_sandbox() {
    boost::asio::post(ioc_, [this] {
        box_->stop();
        ioc_.stop();
    });
    thread_.join();
}

client_options running_sandbox::options() const {
    client_options o;
    o.api_url = ready().api_url;
    o.ca_file = ready().ca_file.string();
    o.keys = credentials{ready().public_id, ready().secret_key};
    return o;
}

} // namespace numerapi::test
