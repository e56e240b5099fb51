// Compiles Boost.Asio and Boost.Asio.SSL once for the whole project
// (BOOST_ASIO_SEPARATE_COMPILATION is set on every target that links numerapi_boost_impl).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
