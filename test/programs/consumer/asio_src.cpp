// The consumer compiles Asio itself (its whole build defines BOOST_ASIO_SEPARATE_COMPILATION).
#include <boost/asio/impl/src.hpp>
