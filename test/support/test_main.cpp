// The Boost.Test module of both test executables.
#define BOOST_TEST_MODULE numerapi
#include <boost/test/unit_test.hpp>
