// Downloads against the sandbox, clean and under every file fault: each test checks the
// final file's SHA-256, the requests the server saw, and that nothing incomplete is ever
// at the final path.
#include "support/expect_error.hpp"
#include "support/file_bytes.hpp"
#include "support/raw_https.hpp"

#include <numerapi/client.hpp>

#include <boost/test/unit_test.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <set>

using namespace numerapi;
using numerapi::test::expect_error;
using numerapi::test::read_file;
using numerapi::test::sha256;
namespace fs = std::filesystem;

namespace {

struct download_fixture {
    static sandbox::sandbox_config config() {
        auto c = test::running_sandbox::small_config();
        c.dataset_size = 1u << 20; // train.parquet: 1 MiB
        return c;
    }
    test::running_sandbox box{config()};
    test::temp_dir dir;
    boost::asio::io_context ioc;
    client api{ioc.get_executor(), fast_retries(box.options())};
    test::raw_https https{box};

    static client_options fast_retries(client_options o) {
        o.backoff = {.initial = std::chrono::milliseconds{1}, .maximum = std::chrono::milliseconds{10}};
        return o;
    }
    /// The file's bytes as the server has them now, fetched outside the client.
    std::string reference(const std::string& name) {
        const auto answer = https.graphql(boost::json::object{{"query", "query($f: String!) { dataset(filename: $f) }"},
                                                              {"variables", {{"f", name}}}});
        return https.get(std::string(boost::json::parse(answer.body()).at("data").at("dataset").as_string())).body();
    }
    void fault(const std::string& json) { box.faults().replace(sandbox::faults::fault_plan::parse(json)); }
    /// The file requests the server answered, in order.
    std::vector<sandbox::http::logged_request> file_requests(std::size_t at_least) {
        std::vector<sandbox::http::logged_request> out;
        for (int i = 0; i < 50 && out.size() < at_least; ++i) {
            out.clear();
            for (auto& r : box.log().wait_for(0, std::chrono::milliseconds{0}))
                if (r.path.starts_with("/datasets/")) out.push_back(r);
            if (out.size() < at_least) std::this_thread::sleep_for(std::chrono::milliseconds{20});
        }
        return out;
    }
    fs::path target() const { return dir.path() / "v5.2" / "train.parquet"; }
    /// The N of a "bytes=N-" Range header; nullopt for anything else.
    static std::optional<std::uint64_t> range_start(const std::string& range) {
        if (!range.starts_with("bytes=") || !range.ends_with("-")) return std::nullopt;
        return std::stoull(range.substr(6, range.size() - 7));
    }
    download_result get(download_options o = {}) {
        return test::run(ioc, api.download_dataset("v5.2/train.parquet", target(), std::nullopt, std::move(o)));
    }
    void check_no_leftovers() {
        BOOST_TEST(!fs::exists(target().string() + ".part"));
        BOOST_TEST(!fs::exists(target().string() + ".part.etag"));
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(downloads, download_fixture)

BOOST_AUTO_TEST_CASE(download_dataset_writes_the_exact_bytes_and_reports_progress) {
    std::vector<transfer_progress> seen;
    download_options o;
    o.on_progress = [&](const transfer_progress& p) { seen.push_back(p); };
    o.progress_interval = std::chrono::milliseconds{0};
    const auto r = get(o);
    const std::string expected = reference("v5.2/train.parquet");
    BOOST_TEST(r.size == (1u << 20));
    BOOST_TEST(r.attempts == 1u);
    BOOST_TEST(r.resumed_from == 0u);
    BOOST_TEST(sha256(read_file(target())) == sha256(expected));
    check_no_leftovers();
    BOOST_REQUIRE(!seen.empty());
    BOOST_TEST(seen.back().bytes_done == (1u << 20));
    BOOST_TEST(seen.back().bytes_total.value_or(0) == (1u << 20));
    const auto gets = file_requests(2);
    BOOST_TEST(gets.front().range.empty());
}

BOOST_AUTO_TEST_CASE(a_durable_download_is_the_same_file_one_stream_or_segmented) {
    // durable adds the write-back and fsync path; whether the disk has the bytes is for the
    // kernel to say, the file's content is for this test to check.
    const std::string expected = sha256(reference("v5.2/train.parquet"));
    download_options one;
    one.durable = true;
    const auto r1 = get(one);
    BOOST_TEST(sha256(read_file(target())) == expected);
    check_no_leftovers();
    fs::remove(target());
    download_options split = one;
    split.segments = 4;
    split.min_segment_size = 64u << 10;
    const auto r2 = get(split);
    BOOST_TEST(r1.size == (1u << 20));
    BOOST_TEST(r2.segments == 4u);
    BOOST_TEST(sha256(read_file(target())) == expected);
    check_no_leftovers();
}

BOOST_AUTO_TEST_CASE(connection_reset_mid_body_resumes_from_the_byte_reached) {
    fault(R"({"kind":"reset_after","bytes":300000,"count":1})");
    const auto r = get();
    BOOST_TEST(r.attempts == 2u);
    const auto gets = file_requests(2);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    BOOST_REQUIRE(gets.size() >= 2u);
    BOOST_TEST(gets[0].fault == "reset after 300000 bytes");
    BOOST_TEST(gets[0].body_bytes_sent == 300000u);
    // A reset discards what was still in flight: the client resumes from the bytes it has.
    const auto start = range_start(gets[1].range);
    BOOST_REQUIRE(start.has_value());
    BOOST_TEST((*start > 0u && *start <= 300000u));
    BOOST_TEST(gets[1].if_range == r.etag);
    BOOST_TEST(gets[1].status == 206u);
    BOOST_TEST(gets[1].body_bytes_sent == (1u << 20) - *start);
    check_no_leftovers();
}

BOOST_AUTO_TEST_CASE(clean_close_short_of_content_length_is_not_complete) {
    fault(R"({"kind":"close_after","bytes":500000,"count":1})");
    const auto r = get();
    BOOST_TEST(r.attempts == 2u);
    BOOST_TEST(r.size == (1u << 20));
    const auto gets = file_requests(2);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    BOOST_REQUIRE(gets.size() >= 2u);
    BOOST_TEST(gets[0].body_bytes_sent == 500000u);
    BOOST_TEST(gets[1].range == "bytes=500000-"); // a clean close delivers every byte sent
}

BOOST_AUTO_TEST_CASE(expired_url_fetches_a_fresh_one_and_goes_on) {
    fault(R"({"kind":"expire_url","count":1})");
    const auto before = box.log().requests().size();
    const auto r = get();
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    const auto log = box.log().wait_for(before + 4);
    // dataset query, GET 403, dataset query again, GET 200
    BOOST_REQUIRE(log.size() >= before + 4);
    BOOST_TEST(log[before].graphql_fields.at(0) == "dataset");
    BOOST_TEST(log[before + 1].status == 403u);
    BOOST_TEST(log[before + 2].graphql_fields.at(0) == "dataset");
    BOOST_TEST(log[before + 3].status == 200u);
    BOOST_TEST(r.attempts == 2u);
}

BOOST_AUTO_TEST_CASE(file_changed_on_the_server_restarts_and_never_splices) {
    fault(R"([{"kind":"reset_after","bytes":400000,"count":1},{"kind":"change_file","count":1}])");
    const auto r = get();
    const auto gets = file_requests(2);
    const std::string now_on_server = reference("v5.2/train.parquet");
    BOOST_TEST(sha256(read_file(target())) == sha256(now_on_server));
    BOOST_REQUIRE(gets.size() >= 2u);
    BOOST_TEST(range_start(gets[1].range).has_value());
    BOOST_TEST(gets[1].status == 200u); // If-Range did not match: the whole new version
    BOOST_TEST(gets[1].body_bytes_sent == (1u << 20));
    BOOST_TEST(r.etag != gets[0].if_range);
}

BOOST_AUTO_TEST_CASE(server_without_range_support_gets_a_fresh_whole_download) {
    fault(R"([{"kind":"reset_after","bytes":200000,"count":1},{"kind":"ignore_range","count":1}])");
    get();
    const auto gets = file_requests(2);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    BOOST_REQUIRE(gets.size() >= 2u);
    BOOST_TEST(range_start(gets[1].range).has_value());
    BOOST_TEST(gets[1].status == 200u);
    BOOST_TEST(gets[1].body_bytes_sent == (1u << 20));
}

BOOST_AUTO_TEST_CASE(interrupted_download_resumes_on_the_next_call) {
    fault(R"({"kind":"reset_after","bytes":250000,"count":1})");
    auto o = box.options();
    o.retry.max_attempts = 1;
    client impatient{ioc.get_executor(), o};
    const auto e = expect_error([&] { test::run(ioc, impatient.download_dataset("v5.2/train.parquet", target())); });
    BOOST_TEST(!fs::exists(target()));                            // nothing at the final path
    const auto kept = fs::file_size(target().string() + ".part"); // what arrived is kept
    BOOST_TEST((kept > 0u && kept <= 250000u));
    const auto r = get();
    BOOST_TEST(r.resumed_from == kept);
    const auto gets = file_requests(2);
    BOOST_TEST(gets.back().range == "bytes=" + std::to_string(kept) + "-");
    BOOST_TEST(gets.back().status == 206u);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    check_no_leftovers();
}

BOOST_AUTO_TEST_CASE(permanent_failure_leaves_nothing_at_the_final_path) {
    fault(R"({"kind":"status","status":404,"target":"files","body":"<Error><Code>NoSuchKey</Code></Error>"})");
    const auto e = expect_error([&] { get(); });
    BOOST_TEST(e.code() == errc::http_status);
    BOOST_TEST(e.diag().http_status == 404u);
    BOOST_TEST(e.diag().attempts == 1u);
    BOOST_TEST(!fs::exists(target()));
}

BOOST_AUTO_TEST_CASE(a_trickling_file_host_cannot_hold_a_call_past_its_deadline) {
    // 1 MiB at 64 KiB/s: 16 s, every read well inside read_timeout. The call's deadline ends
    // it; the bytes received stay in the .part, and the next call resumes from them.
    fault(R"({"kind":"throttle","bytes_per_second":65536})");
    auto policies = call_policies();
    policies.retry.deadline = std::chrono::milliseconds{2500};
    const auto start = std::chrono::steady_clock::now();
    const auto e = expect_error(
        [&] { test::run(ioc, api.with(policies).download_dataset("v5.2/train.parquet", target(), std::nullopt)); });
    const auto waited = std::chrono::steady_clock::now() - start;
    BOOST_TEST((e.code() == errc::timeout), e.what());
    BOOST_TEST(e.diag().client_message == "the call's deadline of 2500 ms passed");
    BOOST_TEST((waited >= std::chrono::milliseconds{2500} && waited < std::chrono::seconds{12}));
    BOOST_TEST(!fs::exists(target()));
    const auto kept = fs::file_size(target().string() + ".part");
    BOOST_TEST(kept > 0u);
    BOOST_TEST(kept < (1u << 20));
    box.faults().clear();
    const auto r = get();
    BOOST_TEST(r.resumed_from == kept);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
}

BOOST_AUTO_TEST_CASE(a_directory_as_the_destination_is_refused_before_any_request) {
    // It used to download the whole file and then fail at the rename, leaving
    // "<dir>.part" and "<dir>.part.etag" behind.
    const auto target_dir = dir.path() / "a_directory";
    fs::create_directories(target_dir);
    const auto before = box.log().requests().size();
    const auto e =
        expect_error([&] { test::run(ioc, api.download_dataset("v5.2/train.parquet", target_dir, std::nullopt)); });
    BOOST_TEST((e.code() == errc::invalid_argument));
    BOOST_TEST(e.diag().client_message == "\"" + target_dir.string() + "\" is a directory, not a file's path");
    BOOST_TEST(box.log().requests().size() == before); // not even the URL was asked for
    BOOST_TEST(!fs::exists(target_dir.string() + ".part"));
}

BOOST_AUTO_TEST_CASE(existing_complete_part_is_confirmed_by_416) {
    // A previous run received everything but stopped before the rename.
    fs::create_directories(target().parent_path());
    const std::string bytes = reference("v5.2/train.parquet");
    const auto answer =
        https.graphql(boost::json::object{{"query", R"(query { dataset(filename: "v5.2/train.parquet") })"}});
    const auto head = https.get(std::string(boost::json::parse(answer.body()).at("data").at("dataset").as_string()));
    const std::string etag{head[boost::beast::http::field::etag]};
    std::ofstream(target().string() + ".part", std::ios::binary) << bytes;
    std::ofstream(target().string() + ".part.etag") << std::string(etag) << '\n';
    const auto r = get();
    BOOST_TEST(r.resumed_from == (1u << 20));
    BOOST_TEST(sha256(read_file(target())) == sha256(bytes));
    const auto gets = file_requests(3);
    BOOST_TEST(gets.back().status == 416u);
    BOOST_TEST(gets.back().range == "bytes=1048576-");
    check_no_leftovers();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(dataset_downloads, download_fixture)

BOOST_AUTO_TEST_CASE(download_current_dataset_fetches_every_file_in_parallel) {
    dataset_download_options o;
    o.concurrency = 3;
    std::set<std::string> progress_files;
    o.download.on_progress = [&](const transfer_progress& p) { progress_files.insert(p.file); };
    const auto r = test::run(ioc, api.download_current_dataset(dir.path(), o));
    const auto names = test::run(ioc, api.list_datasets());
    BOOST_REQUIRE(r.files.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        BOOST_TEST(r.files[i].path == dir.path() / names[i]);
        BOOST_TEST(sha256(read_file(dir.path() / names[i])) == sha256(reference(names[i])));
    }
    BOOST_TEST(progress_files.size() == names.size());
    BOOST_TEST(box.log().handshakes() <= 4u); // the client's pool: at most 4 connections
}

BOOST_AUTO_TEST_CASE(a_directory_swapped_for_a_link_mid_batch_leads_no_file_outside) {
    // Someone who shares the data tree replaces v5.2/ with a link to elsewhere while the
    // first file downloads. The names were checked once for the batch; the later files used
    // to be opened by path and landed outside. Each file's directory is now walked without
    // following links, and the file renamed through its directory's descriptor.
    const auto names = test::run(ioc, api.list_datasets());
    const auto in_v52 = std::count_if(names.begin(), names.end(), [](const std::string& n) {
        return n.starts_with("v5.2/") && n.find('/', 5) == std::string::npos;
    });
    BOOST_REQUIRE(in_v52 >= 3);
    const test::temp_dir outside;
    dataset_download_options o;
    o.concurrency = 1;
    o.filter = [](const std::string& n) { return n.starts_with("v5.2/") && n.find('/', 5) == std::string::npos; };
    o.download.progress_interval = std::chrono::milliseconds{0};
    bool swapped = false;
    o.download.on_progress = [&](const transfer_progress&) {
        if (swapped) return;
        swapped = true;
        fs::rename(dir.path() / "v5.2", dir.path() / "v5.2.moved");
        fs::create_directory_symlink(outside.path(), dir.path() / "v5.2");
    };
    const auto e = expect_error([&] { test::run(ioc, api.download_current_dataset(dir.path(), o)); });
    BOOST_TEST(swapped);
    BOOST_TEST((e.code() == errc::io_error), e.what());
    BOOST_TEST(e.diag().client_message == "refusing to follow the symbolic link " + (dir.path() / "v5.2").string());
    BOOST_TEST(fs::is_empty(outside.path())); // not a byte outside the destination
    // The file under way when the swap came stayed with its directory, whole.
    std::size_t moved = 0;
    for (const auto& entry : fs::directory_iterator(dir.path() / "v5.2.moved")) {
        if (entry.path().filename().string().starts_with(".")) continue; // its version record
        ++moved;
        const auto name = "v5.2/" + entry.path().filename().string();
        BOOST_TEST(sha256(read_file(entry.path())) == sha256(reference(name)), name);
    }
    BOOST_TEST(moved == 1u);
}

BOOST_AUTO_TEST_CASE(ticker_universe_is_the_signals_universe_file) {
    const auto r = test::run(ioc, api.ticker_universe(dir.path() / "universe.parquet"));
    BOOST_TEST(r.path == dir.path() / "universe.parquet");
    const auto answer =
        https.graphql(boost::json::object{{"query", "query($f: String!) { dataset(filename: $f, tournament: 11) }"},
                                          {"variables", {{"f", "signals/v1.0/live.parquet"}}}});
    const auto expected =
        https.get(std::string(boost::json::parse(answer.body()).at("data").at("dataset").as_string())).body();
    BOOST_TEST(r.size == expected.size());
    BOOST_TEST(sha256(read_file(r.path)) == sha256(expected));
    // A real table (unit-tested in sandbox_files), with its column, not generated bytes.
    const std::string table = read_file(r.path);
    BOOST_TEST(table.starts_with("PAR1"));
    BOOST_TEST(table.ends_with("PAR1"));
    BOOST_TEST(table.find("numerai_ticker") != std::string::npos);
    BOOST_TEST(table.find(" US") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(filter_selects_files_and_a_failure_does_not_stop_the_others) {
    dataset_download_options o;
    o.filter = [](const std::string& n) { return n.find("live") != std::string::npos; };
    o.concurrency = 2;
    auto opts = box.options();
    opts.retry.max_attempts = 1;
    client once{ioc.get_executor(), opts};
    fault(R"({"kind":"status","status":404,"target":"files","count":1})");
    const auto e = expect_error([&] { test::run(ioc, once.download_current_dataset(dir.path(), o)); });
    BOOST_TEST(e.diag().http_status == 404u);
    std::size_t present = 0, live = 0;
    for (const auto& n : test::run(ioc, api.list_datasets())) {
        if (n.find("live") == std::string::npos) {
            BOOST_TEST(!fs::exists(dir.path() / n));
            continue;
        }
        ++live;
        present += fs::exists(dir.path() / n) ? 1 : 0;
    }
    BOOST_TEST(present == live - 1); // all but the one that failed
}

BOOST_AUTO_TEST_CASE(a_local_failure_of_one_file_does_not_stop_the_others) {
    // The first file's .part cannot be opened (a directory stands at its name): a local step
    // that throws, not a request that failed. With one worker, the files after it land all
    // the same, and the call reports that file's failure.
    dataset_download_options o;
    o.filter = [](const std::string& n) { return n.find("live") != std::string::npos; };
    o.concurrency = 1;
    std::vector<std::string> live;
    for (const auto& n : test::run(ioc, api.list_datasets()))
        if (n.find("live") != std::string::npos) live.push_back(n);
    BOOST_REQUIRE(live.size() >= 2u);
    fs::create_directories(dir.path() / (live.front() + ".part"));
    const auto e = expect_error([&] { test::run(ioc, api.download_current_dataset(dir.path(), o)); });
    BOOST_TEST((e.code() == errc::io_error), e.what());
    BOOST_TEST(std::string(e.what()).find(live.front()) != std::string::npos, e.what()); // names the file
    BOOST_TEST(!fs::exists(dir.path() / live.front()));
    for (std::size_t i = 1; i < live.size(); ++i) BOOST_TEST(fs::exists(dir.path() / live[i]), live[i]);
}

BOOST_AUTO_TEST_CASE(legacy_zip_is_downloaded_and_extracted) {
    dataset_download_options o;
    o.legacy_zip = true;
    o.unzip = true;
    const auto r = test::run(ioc, api.download_current_dataset(dir.path(), o));
    BOOST_REQUIRE(r.files.size() == 1u);
    BOOST_TEST(r.files[0].path == dir.path() / "numerai_dataset_1150.zip");
    BOOST_TEST(r.extracted.size() == 3u);
    const auto folder = dir.path() / "numerai_dataset_1150";
    BOOST_TEST(read_file(folder / "example_predictions.csv").starts_with("id,probability\n"));
    BOOST_TEST(read_file(folder / "numerai_training_data.csv").starts_with("id,era,data_type,feature1,"));
    BOOST_TEST(fs::exists(folder / "numerai_tournament_data.csv"));
}

BOOST_AUTO_TEST_CASE(server_names_for_dotfiles_or_another_files_part_are_refused_before_any_byte) {
    // A compromised API listing .bashrc, run in $HOME, replaced ~/.bashrc; one listing x and
    // x.part made two downloads share one .part. Every such list is refused whole, before a
    // file is fetched, and what the destination holds is untouched.
    const fs::path home = dir.path() / "home";
    fs::create_directories(home);
    std::ofstream(home / ".bashrc") << "mine\n";
    const auto fetched_files = [&] {
        std::size_t n = 0;
        for (const auto& r : box.log().wait_for(0, std::chrono::milliseconds{0}))
            if (r.path.starts_with("/datasets/") || r.path.starts_with("/hostile/")) ++n;
        return n;
    };
    const std::vector<std::pair<std::string, std::string>> lists{
        {R"([".bashrc"])", "starts with a dot"},
        {R"([".ssh/authorized_keys"])", "starts with a dot"},
        {R"(["v5.2/.hidden.parquet"])", "starts with a dot"},
        {R"(["v5.2/x.parquet", "v5.2/x.parquet.part"])", "\"v5.2/x.parquet.part\" is where \"v5.2/x.parquet\""},
    };
    for (const auto& [names, why] : lists) {
        BOOST_TEST_CONTEXT("names " << names) {
            box.faults().replace(
                sandbox::faults::fault_plan::parse(R"([{"kind": "hostile_names", "names": )" + names + "}]"));
            box.log().clear();
            const auto e = expect_error([&] { test::run(ioc, api.download_current_dataset(home)); });
            BOOST_TEST((e.code() == errc::invalid_response));
            BOOST_TEST(std::string(e.what()).find(why) != std::string::npos, e.what());
            BOOST_TEST(read_file(home / ".bashrc") == "mine\n");
            BOOST_TEST(!fs::exists(home / ".ssh"));
            BOOST_TEST(!fs::exists(home / "v5.2"));
            BOOST_TEST(fetched_files() == 0u);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(encoded_downloads, download_fixture)

BOOST_AUTO_TEST_CASE(a_gzip_encoded_body_is_decoded_and_its_md5_checked) {
    fault(R"({"kind":"gzip","count":1})");
    const auto r = get();
    BOOST_TEST(r.size == (1u << 20)); // the decoded file
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    check_no_leftovers();
    const auto gets = file_requests(1);
    BOOST_TEST(gets.front().fault == "gzip");
    BOOST_TEST(r.attempts == 1u);
}

BOOST_AUTO_TEST_CASE(a_chunked_body_without_length_is_complete) {
    fault(R"({"kind":"chunked","count":1})");
    const auto r = get();
    const auto gets = file_requests(1);
    BOOST_TEST(r.size == (1u << 20));
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    BOOST_TEST(gets.front().fault == "chunked");
}

BOOST_AUTO_TEST_CASE(a_cut_gzip_body_starts_over_rather_than_resuming_by_offset) {
    fault(R"({"kind":"gzip","bytes":50000,"count":1})");
    const auto r = get();
    const auto gets = file_requests(2);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    check_no_leftovers();
    BOOST_REQUIRE_EQUAL(gets.size(), 2u);
    BOOST_TEST(gets[0].fault == "gzip, closed after 50000 bytes");
    BOOST_TEST(gets[1].range.empty()); // from the start: no Range after a gzip body
    BOOST_TEST(r.attempts == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(segmented_downloads, download_fixture)

namespace {
download_options four_segments() {
    download_options o;
    o.segments = 4;
    o.min_segment_size = 128u << 10;
    return o;
}
} // namespace

BOOST_AUTO_TEST_CASE(four_ranges_over_four_connections_make_the_exact_file) {
    const auto r = get(four_segments());
    const auto gets = file_requests(5); // before reference() adds its own GET
    BOOST_TEST(r.segments == 4u);
    BOOST_TEST(r.size == (1u << 20));
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    check_no_leftovers();
    BOOST_REQUIRE_GE(gets.size(), 5u);
    BOOST_TEST(gets[0].range == "bytes=0-0"); // the probe
    std::set<std::string> ranges;
    for (std::size_t i = 1; i < gets.size(); ++i) {
        BOOST_TEST(gets[i].status == 206u);
        ranges.insert(gets[i].range);
    }
    const std::set<std::string> expected{"bytes=0-262143", "bytes=262144-524287", "bytes=524288-786431",
                                         "bytes=786432-1048575"};
    BOOST_TEST((ranges == expected));
    std::set<std::uint64_t> connections;
    for (std::size_t i = 1; i < gets.size(); ++i) connections.insert(gets[i].connection);
    BOOST_TEST(connections.size() == 4u); // at once, over four pooled connections
}

BOOST_AUTO_TEST_CASE(a_segment_that_fails_is_retried_alone_from_its_byte) {
    // The probe passes; the next file request (one of the segments) is reset after 100000 bytes.
    fault(
        R"([{"kind":"delay","milliseconds":0,"target":"files","count":1},{"kind":"reset_after","bytes":100000,"count":1}])");
    const auto r = get(four_segments());
    const auto gets = file_requests(6);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    check_no_leftovers();
    BOOST_REQUIRE_EQUAL(gets.size(), 6u); // probe, 4 ranges, 1 retry
    auto start_of = [](const std::string& range) { return std::stoull(range.substr(6, range.find('-') - 6)); };
    const auto cut = std::find_if(gets.begin(), gets.end(),
                                  [](const auto& g) { return !g.fault.empty() && g.fault != "delay 0 ms"; });
    BOOST_REQUIRE(cut != gets.end());
    BOOST_TEST(cut->fault == "reset after 100000 bytes");
    const auto first = start_of(cut->range);
    std::size_t retries = 0;
    for (const auto& g : gets) {
        if (g.range == "bytes=0-0" || &g == &*cut) continue;
        const auto start = start_of(g.range);
        if (start > first && start <= first + 100000) { // from the byte reached, not the segment's start
            ++retries;                                  // (a reset drops what was in flight)
            BOOST_TEST(!g.if_range.empty());            // tied to the version the probe saw
            BOOST_TEST(g.status == 206u);
        }
    }
    BOOST_TEST(retries == 1u); // the failed segment alone
    BOOST_TEST(r.attempts == 6u);
}

BOOST_AUTO_TEST_CASE(a_server_without_ranges_gets_one_stream) {
    fault(R"({"kind":"ignore_range"})");
    const auto r = get(four_segments());
    BOOST_TEST(r.segments == 1u);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    check_no_leftovers();
}

BOOST_AUTO_TEST_CASE(a_file_that_changes_mid_way_is_fetched_again_whole) {
    // The third file request finds a new version: its If-Range no longer matches.
    fault(R"([{"kind":"delay","milliseconds":0,"target":"files","count":2},{"kind":"change_file","count":1}])");
    const auto r = get(four_segments());
    const auto gets = file_requests(8);
    BOOST_TEST(r.size == (1u << 20));
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet"))); // the new version, whole
    check_no_leftovers();
    std::size_t probes = 0;
    for (const auto& g : gets) probes += g.range == "bytes=0-0";
    BOOST_TEST(probes == 2u); // started over once
}

BOOST_AUTO_TEST_CASE(with_no_restarts_a_file_that_changes_fails_and_keeps_nothing) {
    // retry_policy::max_restarts 0: the same change as above ends the call after one round.
    fault(R"([{"kind":"delay","milliseconds":0,"target":"files","count":2},{"kind":"change_file","count":1}])");
    call_policies no_restarts;
    no_restarts.retry.max_restarts = 0;
    const auto e = expect_error([&] {
        test::run(
            ioc, api.with(no_restarts).download_dataset("v5.2/train.parquet", target(), std::nullopt, four_segments()));
    });
    BOOST_TEST((e.code() == errc::size_mismatch));
    BOOST_TEST(std::string(e.what()).find("after 0 restart(s)") != std::string::npos, e.what());
    BOOST_TEST(!fs::exists(target()));
    std::size_t probes = 0;
    for (const auto& g : box.log().requests()) probes += g.range == "bytes=0-0";
    BOOST_TEST(probes == 1u); // not started over
}

BOOST_AUTO_TEST_CASE(a_failed_segmented_download_leaves_nothing_at_the_final_path) {
    fault(
        R"([{"kind":"delay","milliseconds":0,"target":"files","count":1},{"kind":"status","status":404,"target":"files"}])");
    const auto e = expect_error([&] { get(four_segments()); });
    BOOST_TEST(e.diag().http_status == 404u);
    BOOST_TEST(!fs::exists(target()));
    BOOST_TEST(!fs::exists(target().string() + ".part.etag")); // never mistaken for a prefix later
    box.faults().clear();
    const auto r = get(); // a later one-stream run starts over and completes
    BOOST_TEST(r.resumed_from == 0u);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
}

BOOST_AUTO_TEST_CASE(a_bytes_per_second_cap_is_honoured) {
    fault(R"({"kind":"throttle","bytes_per_second":2097152})");
    const auto start = std::chrono::steady_clock::now();
    const auto r = get();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST(r.size == (1u << 20));
    BOOST_TEST((elapsed >= std::chrono::milliseconds{450})); // 1 MiB at 2 MiB/s: no faster than the cap
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
    BOOST_TEST(file_requests(1).front().fault == "throttle to 2097152 bytes/s");
}

BOOST_AUTO_TEST_SUITE_END()

// A rerun over files that are already there: one conditional request each, and a 304
// leaves the file as it is; a changed file is fetched whole; a file without a record is
// compared by its MD5, never by its size.
BOOST_FIXTURE_TEST_SUITE(unchanged_downloads, download_fixture)

BOOST_AUTO_TEST_CASE(a_rerun_asks_if_changed_and_a_304_fetches_nothing) {
    const std::string expected = sha256(reference("v5.2/train.parquet")); // (a GET of its own: first)
    const auto first = get();
    const auto record = target().parent_path() / ".train.parquet.etag";
    BOOST_TEST(fs::exists(record));
    const auto written = fs::last_write_time(target());
    std::vector<transfer_progress> seen;
    download_options o;
    o.on_progress = [&](const transfer_progress& p) { seen.push_back(p); };
    const auto again = get(o);
    BOOST_TEST(again.unchanged);
    BOOST_TEST(!first.unchanged);
    BOOST_TEST(again.size == (1u << 20));
    BOOST_TEST(again.etag == first.etag);
    BOOST_TEST(again.attempts == 1u);
    BOOST_TEST((fs::last_write_time(target()) == written)); // not written again
    BOOST_TEST(sha256(read_file(target())) == expected);
    check_no_leftovers();
    const auto gets = file_requests(3);
    BOOST_REQUIRE(gets.size() == 3u);
    BOOST_TEST(gets[1].if_none_match.empty());
    BOOST_TEST(gets[2].if_none_match == first.etag);
    BOOST_TEST(gets[2].status == 304u);
    BOOST_TEST(gets[2].body_bytes_sent == 0u);
    BOOST_REQUIRE(seen.size() == 1u);
    BOOST_TEST(seen[0].unchanged);
    BOOST_TEST(seen[0].bytes_done == (1u << 20));
}

BOOST_AUTO_TEST_CASE(a_file_changed_on_the_server_is_fetched_whole_and_replaces_the_old_one) {
    const auto first = get();
    fault(R"({"kind":"change_file","count":1})");
    const auto again = get();
    BOOST_TEST(!again.unchanged);
    BOOST_TEST(again.etag != first.etag);
    // The new version is recorded: the next run asks with it.
    const auto third = get();
    BOOST_TEST(third.unchanged);
    const auto gets = file_requests(3);
    BOOST_REQUIRE(gets.size() == 3u);
    BOOST_TEST(gets[1].if_none_match == first.etag);
    BOOST_TEST(gets[1].status == 200u);
    BOOST_TEST(gets[1].body_bytes_sent == (1u << 20));
    BOOST_TEST(gets[2].if_none_match == again.etag);
    BOOST_TEST(gets[2].status == 304u);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
}

BOOST_AUTO_TEST_CASE(a_file_without_a_record_is_never_taken_for_current_by_its_size) {
    const std::string right = reference("v5.2/train.parquet");
    fs::create_directories(target().parent_path());
    // Same size, other bytes (a file another tool cut short and padded, say). This host's
    // ETag is no MD5, so nothing can vouch for the file: fetched, without reading it first.
    std::string wrong = right;
    wrong[1000] ^= 0x55;
    std::ofstream(target(), std::ios::binary) << wrong;
    const auto fetched = get();
    BOOST_TEST(!fetched.unchanged);
    BOOST_TEST(sha256(read_file(target())) == sha256(right));
    const auto gets = file_requests(2);
    BOOST_REQUIRE(gets.size() == 2u);
    BOOST_TEST(gets[1].if_none_match.empty());
    BOOST_TEST(gets[1].status == 200u);
    BOOST_TEST(gets[1].body_bytes_sent == (1u << 20));
    BOOST_TEST(fs::exists(target().parent_path() / ".train.parquet.etag")); // recorded now
    // (A file whose MD5 is the server's ETag is kept: uploads_test, a submission.)
}

BOOST_AUTO_TEST_CASE(a_file_edited_since_its_record_is_not_taken_for_current) {
    get();
    // Edited in place, same size: the record no longer matches the file.
    {
        std::fstream f(target(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(10);
        f.put('x');
    }
    fs::last_write_time(target(), fs::last_write_time(target()) + std::chrono::seconds{5});
    const auto r = get();
    BOOST_TEST(!r.unchanged);
    const auto gets = file_requests(2);
    BOOST_REQUIRE(gets.size() == 2u);
    BOOST_TEST(gets[1].if_none_match.empty()); // not the record's ETag
    BOOST_TEST(gets[1].status == 200u);
    BOOST_TEST(sha256(read_file(target())) == sha256(reference("v5.2/train.parquet")));
}

BOOST_AUTO_TEST_CASE(a_record_that_holds_more_than_a_validator_or_has_other_links_is_ignored) {
    get();
    const auto record = target().parent_path() / ".train.parquet.etag";
    // Header bytes in the validator line, the file's stamp kept: never sent.
    const std::string text = read_file(record);
    std::ofstream(record, std::ios::binary | std::ios::trunc) << "\"x\"\rX-Injected: 1" << text.substr(text.find('\n'));
    const auto first = get();
    BOOST_TEST(!first.unchanged);
    // A record with another hard link (a backup made with cp -al): not read, and replaced
    // by a fresh one rather than written through.
    const auto backup = dir.path() / "record-backup";
    fs::create_hard_link(record, backup);
    const std::string backed_up = read_file(backup);
    const auto second = get();
    BOOST_TEST(!second.unchanged);
    BOOST_TEST(read_file(backup) == backed_up);
    BOOST_TEST(fs::hard_link_count(record) == 1u);
    const auto third = get();
    BOOST_TEST(third.unchanged); // the fresh record works
    const auto gets = file_requests(4);
    BOOST_REQUIRE(gets.size() == 4u);
    BOOST_TEST(gets[1].if_none_match.empty());
    BOOST_TEST(gets[2].if_none_match.empty());
    BOOST_TEST(gets[3].if_none_match == third.etag);
    BOOST_TEST(gets[3].status == 304u);
}

BOOST_AUTO_TEST_CASE(skip_unchanged_off_fetches_anyway) {
    get();
    download_options o;
    o.skip_unchanged = false;
    const auto r = get(o);
    BOOST_TEST(!r.unchanged);
    const auto gets = file_requests(2);
    BOOST_REQUIRE(gets.size() == 2u);
    BOOST_TEST(gets[1].if_none_match.empty());
    BOOST_TEST(gets[1].body_bytes_sent == (1u << 20));
}

BOOST_AUTO_TEST_CASE(a_segmented_rerun_asks_in_its_probe) {
    download_options o;
    o.segments = 4;
    o.min_segment_size = 64u << 10;
    const auto first = get(o);
    BOOST_TEST(first.segments == 4u);
    const auto before = file_requests(5).size();
    const auto again = get(o);
    BOOST_TEST(again.unchanged);
    const auto gets = file_requests(before + 1);
    BOOST_REQUIRE(gets.size() == before + 1);
    BOOST_TEST(gets.back().if_none_match == first.etag);
    BOOST_TEST(gets.back().status == 304u);
    BOOST_TEST(gets.back().range == "bytes=0-0");
    check_no_leftovers();
}

BOOST_AUTO_TEST_CASE(a_rerun_of_a_whole_dataset_makes_one_conditional_request_per_file) {
    const auto first = test::run(ioc, api.download_current_dataset(dir.path()));
    const auto before = file_requests(first.files.size()).size();
    BOOST_TEST(before == first.files.size());
    const auto again = test::run(ioc, api.download_current_dataset(dir.path()));
    BOOST_REQUIRE(again.files.size() == first.files.size());
    for (const auto& f : again.files) BOOST_TEST(f.unchanged, f.path);
    const auto gets = file_requests(2 * before);
    BOOST_REQUIRE(gets.size() == 2 * before);
    for (std::size_t i = before; i < gets.size(); ++i) {
        BOOST_TEST(gets[i].status == 304u, gets[i].path);
        BOOST_TEST(gets[i].body_bytes_sent == 0u);
    }
}

BOOST_AUTO_TEST_SUITE_END()
