// client_options::proxy checked: which hosts NO_PROXY sends direct (names and their
// subdomains, ports, IP addresses, CIDR ranges, "*"), the proxy URL's forms, the Basic
// credentials it carries, and that no message shows them. Also where from_environment
// reads them (lower case first, as curl and requests).
#include "support/expect_error.hpp"

#include "numerapi/http/proxy_route.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>

using namespace numerapi;
using numerapi::detail::make_proxy_route;

BOOST_AUTO_TEST_SUITE(proxy_route)

BOOST_AUTO_TEST_CASE(no_proxy_entries) {
    const auto route = make_proxy_route(
        {.url = "http://proxy.internal:3128",
         .no_proxy = " .example.com, Internal.Corp.,files.numer.ai:8443 ,10.0.0.0/8,::1, [fd00::]/8,192.168.1.7"});
    BOOST_TEST(route.host == "proxy.internal");
    BOOST_TEST(route.port == "3128");
    BOOST_TEST(route.authorization.empty());
    struct row {
        const char* host;
        const char* port;
        bool proxied;
    };
    const row rows[] = {
        {"example.com", "443", false},
        {"a.b.example.com", "443", false},
        {"badexample.com", "443", true},
        {"internal.corp", "443", false},
        {"X.INTERNAL.CORP.", "443", false},
        {"files.numer.ai", "8443", false},
        {"files.numer.ai", "443", true},
        {"api-tournament.numer.ai", "443", true},
        {"10.1.2.3", "443", false},
        {"11.0.0.1", "443", true},
        {"::1", "443", false},
        {"fd12::5", "443", false},
        {"fe80::1", "443", true},
        {"192.168.1.7", "443", false},
        {"192.168.1.8", "443", true},
    };
    for (const auto& r : rows) BOOST_TEST(route.applies_to(r.host, r.port) == r.proxied, r.host << ":" << r.port);
}

BOOST_AUTO_TEST_CASE(star_and_empty) {
    BOOST_TEST(!make_proxy_route({.url = "http://p", .no_proxy = "*"}).applies_to("numer.ai", "443"));
    BOOST_TEST(make_proxy_route({.url = "http://p", .no_proxy = ""}).applies_to("numer.ai", "443"));
    BOOST_TEST(make_proxy_route({.url = "http://p", .no_proxy = " , ,"}).applies_to("127.0.0.1", "443"));
}

BOOST_AUTO_TEST_CASE(url_forms) {
    auto r = make_proxy_route({.url = "proxy:8080"});
    BOOST_TEST(r.host == "proxy");
    BOOST_TEST(r.port == "8080");
    BOOST_TEST(r.shown == "http://proxy:8080");
    r = make_proxy_route({.url = "http://10.0.0.1/"});
    BOOST_TEST(r.port == "1080"); // curl's default
    r = make_proxy_route({.url = "http://[::1]:3128"});
    BOOST_TEST(r.host == "::1");
    BOOST_TEST(r.shown == "http://[::1]:3128");
}

BOOST_AUTO_TEST_CASE(credentials_are_decoded_and_never_shown) {
    const auto r = make_proxy_route({.url = "http://numerai:p%40ss%3Aw0rd@proxy:3128"});
    // base64("numerai:p@ss:w0rd")
    BOOST_TEST(r.authorization == "Basic bnVtZXJhaTpwQHNzOncwcmQ=");
    BOOST_TEST(r.shown == "http://proxy:3128");
    for (const char* bad :
         {"https://user:hunter2@proxy:3128", "socks5://user:hunter2@proxy:1080", "http://user:hunter2@proxy:99999",
          "http://user:hunter2@proxy:3128/path", "http://user:hunt@er2@pro xy:3128", "http://user:hunt/er2@proxy:9",
          "http://user:hunt?er2@proxy:9", "http://user:hunt#er2@proxy:9", "http://hunt:er2/@proxy:9"}) {
        try {
            make_proxy_route({.url = bad});
            BOOST_FAIL("accepted " << bad);
        } catch (const error& e) {
            BOOST_TEST(e.code() == make_error_code(errc::invalid_argument));
            const std::string what = e.what();
            BOOST_TEST(what.find("hunt") == std::string::npos, what);
            BOOST_TEST(what.find("proxy") != std::string::npos, what);
        }
    }
}

BOOST_AUTO_TEST_CASE(environment_lower_case_first) {
    for (const char* name : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"})
        ::unsetenv(name);
    BOOST_TEST(!proxy_options::from_environment().has_value());
    ::setenv("ALL_PROXY", "http://all:1", 1);
    BOOST_TEST(proxy_options::from_environment()->url == "http://all:1");
    ::setenv("HTTPS_PROXY", "http://upper:1", 1);
    BOOST_TEST(proxy_options::from_environment()->url == "http://upper:1");
    ::setenv("https_proxy", "http://lower:1", 1);
    ::setenv("NO_PROXY", "upper.example", 1);
    ::setenv("no_proxy", "lower.example", 1);
    const auto p = proxy_options::from_environment();
    BOOST_TEST(p->url == "http://lower:1");
    BOOST_TEST(p->no_proxy == "lower.example");
    ::setenv("https_proxy", "", 1); // set but empty: not set
    BOOST_TEST(proxy_options::from_environment()->url == "http://upper:1");
    for (const char* name : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"})
        ::unsetenv(name);
}

BOOST_AUTO_TEST_SUITE_END()
