// The consumer compiles Asio itself (its whole build defines BOOST_ASIO_SEPARATE_COMPILATION),
// SSL's part too: it names Asio's SSL category.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
