// Numerai Compute against an in-process sandbox: model_upload (the pickle's bytes as the
// sandbox received them, names resolved to ids, an unknown name refused before any byte
// is sent, an expired URL replaced) and the two lists it is uploaded against.
#include "support/expect_error.hpp"
#include "support/file_bytes.hpp"
#include "support/raw_https.hpp"
#include "support/sandbox_fixture.hpp"

#include <numerapi/client.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace numerapi;

namespace {

struct compute_fixture {
    template <class T>
    T run(boost::asio::awaitable<T> task) {
        return test::run(ioc, std::move(task));
    }
    boost::json::array model_uploads() {
        return boost::json::parse(test::raw_https(box).get("/_sandbox/model_uploads").body()).as_array();
    }
    std::filesystem::path pickle(std::size_t size) {
        std::string bytes(size, '\0');
        for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + 7) % 251);
        const auto path = dir.path() / "model.pkl";
        test::write_file(path, bytes);
        return path;
    }
    std::size_t uploads_sent() {
        std::size_t n = 0;
        for (const auto& r : box.log().requests()) n += r.method == "PUT";
        return n;
    }

    test::running_sandbox box;
    test::temp_dir dir;
    boost::asio::io_context ioc;
    client api{ioc.get_executor(), box.options()};
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(model_uploads, compute_fixture)

BOOST_AUTO_TEST_CASE(the_lists_name_their_ids) {
    const auto versions = run(api.model_upload_data_versions());
    BOOST_TEST(versions.size() == 3u);
    BOOST_TEST(versions.count("v5.2") == 1u);
    BOOST_TEST(versions.at("v5.2").size() == 36u);
    const auto images = run(api.model_upload_docker_images());
    BOOST_TEST(images.count("Python 3.11") == 1u);
    BOOST_TEST(box.log().requests().back().authenticated);
}

BOOST_AUTO_TEST_CASE(a_pickle_arrives_whole_with_its_data_version_and_image) {
    const auto file = pickle(300000);
    model_upload_options o;
    o.data_version = "v5.2";
    o.docker_image = "Python 3.11";
    const std::string id = run(api.model_upload(file, "sandbox_model", o));
    const auto recorded = model_uploads();
    BOOST_REQUIRE_EQUAL(recorded.size(), 1u);
    const auto& u = recorded[0].as_object();
    BOOST_TEST(u.at("id").as_string() == id);
    BOOST_TEST(u.at("size").as_int64() == 300000);
    BOOST_TEST(u.at("md5").as_string() == test::md5(test::read_file(file)));
    BOOST_TEST(u.at("data_version_id").as_string() == run(api.model_upload_data_versions()).at("v5.2"));
    BOOST_TEST(u.at("docker_image_id").as_string() == run(api.model_upload_docker_images()).at("Python 3.11"));
    BOOST_TEST(u.at("model_id").as_string() == run(api.get_models()).front().id);
    BOOST_TEST(uploads_sent() == 1u);
}

BOOST_AUTO_TEST_CASE(an_unknown_name_or_file_is_refused_before_any_byte_is_sent) {
    const auto file = pickle(1000);
    model_upload_options o;
    o.data_version = "v9.9";
    const auto e = test::expect_error([&] { run(api.model_upload(file, "sandbox_model", o)); });
    BOOST_TEST((e.code() == errc::invalid_argument));
    BOOST_TEST(std::string(e.what()).find("v5.2") != std::string::npos); // the known names are listed
    const auto missing = test::expect_error([&] { run(api.model_upload(dir.path() / "absent.pkl", "sandbox_model")); });
    BOOST_TEST((missing.code() == errc::io_error));
    BOOST_TEST(uploads_sent() == 0u);
    BOOST_TEST(model_uploads().empty());
}

BOOST_AUTO_TEST_CASE(an_expired_url_is_replaced_and_the_pickle_created_once) {
    box.faults().replace(
        sandbox::faults::fault_plan::parse(R"({"kind": "expire_url", "target": "uploads", "count": 1})"));
    const auto file = pickle(5000);
    run(api.model_upload(file, "sandbox_model"));
    BOOST_TEST(uploads_sent() == 2u);
    const auto recorded = model_uploads();
    BOOST_REQUIRE_EQUAL(recorded.size(), 1u);
    BOOST_TEST(recorded[0].as_object().at("md5").as_string() == test::md5(test::read_file(file)));
    BOOST_TEST(recorded[0].as_object().at("data_version_id").is_null());
}

BOOST_AUTO_TEST_SUITE_END()
