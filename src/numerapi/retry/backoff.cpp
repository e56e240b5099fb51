#include "numerapi/retry/backoff.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>

namespace numerapi::detail {

std::chrono::milliseconds backoff_delay(const backoff_policy& policy, unsigned retry, std::mt19937_64& random,
                                        std::optional<std::chrono::seconds> retry_after) {
    if (retry_after) return std::min<std::chrono::milliseconds>(*retry_after, policy.max_retry_after);
    const double exponent = retry == 0 ? 0.0 : static_cast<double>(retry - 1);
    const double ceiling =
        std::min(static_cast<double>(policy.maximum.count()),
                 static_cast<double>(policy.initial.count()) * std::pow(policy.multiplier, exponent));
    std::uniform_int_distribution<std::int64_t> pick{0, static_cast<std::int64_t>(std::max(0.0, ceiling))};
    return std::chrono::milliseconds{pick(random)};
}

} // namespace numerapi::detail
