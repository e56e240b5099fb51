/// @file
/// NUMERAPI_EXPORT, the mark of what libnumerapi exports.
#pragma once

/// @def NUMERAPI_EXPORT
/// NUMERAPI_EXPORT marks what libnumerapi exports. A shared libnumerapi is built with hidden
/// symbols (-fvisibility=hidden), so only what carries this mark is visible to its users;
/// in a static library it changes nothing. It needs no macro from the consumer.

#if defined(__GNUC__) || defined(__clang__)
#define NUMERAPI_EXPORT __attribute__((visibility("default")))
#else
#define NUMERAPI_EXPORT
#endif
