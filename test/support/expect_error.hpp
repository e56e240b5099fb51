// Test support: run something that must fail with numerapi::error, and get the error.
#pragma once

#include <numerapi/error.hpp>

#include <boost/test/unit_test.hpp>

#include <stdexcept>

namespace numerapi::test {

template <class F>
error expect_error(F&& f) {
    try {
        f();
    } catch (const error& e) {
        return e;
    }
    BOOST_FAIL("expected numerapi::error");
    throw std::logic_error("unreachable");
}

} // namespace numerapi::test
