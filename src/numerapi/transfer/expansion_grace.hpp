// The bytes that decompression_limits::max_ratio lets through unchecked: on a small body a
// ratio says nothing. The gzip decoder checks the ratio once this much is decoded; a ZIP
// archive checks each entry declared larger than this, and allows this much on top of
// max_ratio times the archive's size.
#pragma once

#include <cstdint>

namespace numerapi::detail {

inline constexpr std::uint64_t expansion_ratio_grace = 1u << 20;

} // namespace numerapi::detail
