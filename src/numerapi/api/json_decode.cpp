#include "numerapi/api/json_decode.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace numerapi::detail {
namespace {

std::string_view kind_of(const boost::json::value& v) noexcept {
    switch (v.kind()) {
        case boost::json::kind::null: return "null";
        case boost::json::kind::bool_: return "a boolean";
        case boost::json::kind::int64:
        case boost::json::kind::uint64:
        case boost::json::kind::double_: return "a number";
        case boost::json::kind::string: return "a string";
        case boost::json::kind::array: return "an array";
        case boost::json::kind::object: return "an object";
    }
    return "an unknown value";
}

[[noreturn]] void type_error(const boost::json::value& v, const json_path& path, std::string_view expected) {
    std::string what = "expected ";
    what.append(expected);
    what.append(", got ");
    what.append(kind_of(v));
    decode_error(path, what);
}

} // namespace

std::string json_path::str() const {
    std::string out = parent_ != nullptr ? parent_->str() : std::string();
    if (index_ != no_index) {
        out.push_back('[');
        out.append(std::to_string(index_));
        out.push_back(']');
    } else {
        if (!out.empty()) out.push_back('.');
        out.append(name_);
    }
    return out;
}

void decode_error(const json_path& path, std::string_view what) {
    std::string message = path.str();
    message.append(": ");
    message.append(what);
    throw std::invalid_argument(message);
}

const boost::json::object& expect_object(const boost::json::value& v, const json_path& path) {
    if (!v.is_object()) type_error(v, path, "an object");
    return v.get_object();
}

const boost::json::array& expect_array(const boost::json::value& v, const json_path& path) {
    if (!v.is_array()) type_error(v, path, "an array");
    return v.get_array();
}

const boost::json::value& root_field(const boost::json::object& data, std::string_view key) {
    const boost::json::value* v = data.if_contains(key);
    if (v == nullptr) decode_error(json_path(key), "missing from the response");
    return *v;
}

const boost::json::object& root_object(const boost::json::object& data, std::string_view key) {
    return expect_object(root_field(data, key), json_path(key));
}

const boost::json::array& root_array(const boost::json::object& data, std::string_view key) {
    return expect_array(root_field(data, key), json_path(key));
}

const boost::json::value* find_non_null(const boost::json::object& o, std::string_view key) noexcept {
    const boost::json::value* v = o.if_contains(key);
    return v == nullptr || v->is_null() ? nullptr : v;
}

// --- scalars -----------------------------------------------------------------------------

template <>
std::string decode_value<std::string>(const boost::json::value& v, const json_path& path) {
    if (!v.is_string()) type_error(v, path, "a string");
    return std::string(v.get_string());
}

template <>
int decode_value<int>(const boost::json::value& v, const json_path& path) {
    constexpr auto lo = std::numeric_limits<int>::min();
    constexpr auto hi = std::numeric_limits<int>::max();
    switch (v.kind()) {
        case boost::json::kind::int64: {
            const std::int64_t i = v.get_int64();
            if (i >= lo && i <= hi) return static_cast<int>(i);
            break;
        }
        case boost::json::kind::uint64: {
            const std::uint64_t u = v.get_uint64();
            if (u <= static_cast<std::uint64_t>(hi)) return static_cast<int>(u);
            break;
        }
        case boost::json::kind::double_: {
            const double d = v.get_double();
            if (!std::isfinite(d) || std::trunc(d) != d) decode_error(path, "expected an integer, got a fraction");
            if (d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) return static_cast<int>(d);
            break;
        }
        default: type_error(v, path, "an integer");
    }
    decode_error(path, "integer out of range");
}

template <>
double decode_value<double>(const boost::json::value& v, const json_path& path) {
    switch (v.kind()) {
        case boost::json::kind::int64: return static_cast<double>(v.get_int64());
        case boost::json::kind::uint64: return static_cast<double>(v.get_uint64());
        case boost::json::kind::double_: return v.get_double();
        default: type_error(v, path, "a number");
    }
}

template <>
bool decode_value<bool>(const boost::json::value& v, const json_path& path) {
    if (!v.is_bool()) type_error(v, path, "a boolean");
    return v.get_bool();
}

template <>
decimal decode_value<decimal>(const boost::json::value& v, const json_path& path) {
    if (!v.is_string()) type_error(v, path, "a decimal string");
    try {
        return decimal(std::string(v.get_string()));
    } catch (const std::invalid_argument& e) {
        decode_error(path, e.what());
    }
}

template <>
timestamp decode_value<timestamp>(const boost::json::value& v, const json_path& path) {
    if (!v.is_string()) type_error(v, path, "a string");
    try {
        return parse_timestamp(v.get_string());
    } catch (const std::invalid_argument& e) {
        decode_error(path, e.what());
    }
}

// --- structs -------------------------------------------------------------------------------

template <>
round decode_value<round>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    round r;
    r.id = member_or_default<std::string>(o, "id", path);
    r.tournament = member_or_default<int>(o, "tournament", path);
    r.number = member_or_default<int>(o, "number", path);
    r.target = member_or_default<std::string>(o, "target", path);
    r.open_time = optional_member<timestamp>(o, "openTime", path);
    r.close_time = optional_member<timestamp>(o, "closeTime", path);
    r.close_staking_time = optional_member<timestamp>(o, "closeStakingTime", path);
    r.score_time = optional_member<timestamp>(o, "scoreTime", path);
    r.resolve_time = optional_member<timestamp>(o, "resolveTime", path);
    r.resolved_general = member_or_default<bool>(o, "resolvedGeneral", path);
    r.resolved_staking = member_or_default<bool>(o, "resolvedStaking", path);
    r.payout_factor = optional_member<decimal>(o, "payoutFactor", path);
    r.stake_threshold = optional_member<double>(o, "stakeThreshold", path);
    r.data_datestamp = optional_member<int>(o, "dataDatestamp", path);
    r.min_corr_multiplier = optional_member<double>(o, "minCorrMultiplier", path);
    r.max_corr_multiplier = optional_member<double>(o, "maxCorrMultiplier", path);
    r.default_corr_multiplier = optional_member<double>(o, "defaultCorrMultiplier", path);
    r.min_mmc_multiplier = optional_member<double>(o, "minMmcMultiplier", path);
    r.max_mmc_multiplier = optional_member<double>(o, "maxMmcMultiplier", path);
    r.default_mmc_multiplier = optional_member<double>(o, "defaultMmcMultiplier", path);
    return r;
}

template <>
model decode_value<model>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    model m;
    m.id = member_or_default<std::string>(o, "id", path);
    // accountProfile's models have a displayName where the account's have a name.
    m.name = find_non_null(o, "name") ? member_or_default<std::string>(o, "name", path)
                                      : member_or_default<std::string>(o, "displayName", path);
    m.tournament = member_or_default<int>(o, "tournament", path);
    return m;
}

template <>
api_token decode_value<api_token>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    api_token t;
    t.name = member_or_default<std::string>(o, "name", path);
    t.public_id = member_or_default<std::string>(o, "public_id", path);
    t.scopes = array_member<std::string>(o, "scopes", path);
    return t;
}

template <>
wallet_transaction decode_value<wallet_transaction>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    wallet_transaction t;
    t.amount = member_or_default<decimal>(o, "amount", path);
    t.from = member_or_default<std::string>(o, "from", path);
    t.to = member_or_default<std::string>(o, "to", path);
    t.status = member_or_default<std::string>(o, "status", path);
    t.type = member_or_default<std::string>(o, "type", path);
    t.tx_hash = optional_member<std::string>(o, "txHash", path);
    t.time = optional_member<timestamp>(o, "time", path);
    t.tournament = optional_member<int>(o, "tournament", path);
    return t;
}

template <>
account decode_value<account>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    account a;
    a.id = member_or_default<std::string>(o, "id", path);
    a.username = member_or_default<std::string>(o, "username", path);
    a.email = member_or_default<std::string>(o, "email", path);
    a.wallet_address = member_or_default<std::string>(o, "walletAddress", path);
    a.available_nmr = member_or_default<decimal>(o, "availableNmr", path);
    a.mfa_enabled = member_or_default<bool>(o, "mfaEnabled", path);
    a.status = member_or_default<std::string>(o, "status", path);
    a.inserted_at = optional_member<timestamp>(o, "insertedAt", path);
    a.models = array_member<model>(o, "models", path);
    a.api_tokens = array_member<api_token>(o, "apiTokens", path);
    return a;
}

template <>
profile decode_value<profile>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    profile p;
    p.id = member_or_default<std::string>(o, "id", path);
    p.username = member_or_default<std::string>(o, "username", path);
    p.bio = member_or_default<std::string>(o, "bio", path);
    p.start_date = optional_member<timestamp>(o, "startDate", path);
    p.nmr_staked = optional_member<decimal>(o, "nmrStaked", path);
    return p;
}

template <>
submission decode_value<submission>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    submission s;
    s.id = member_or_default<std::string>(o, "id", path);
    s.filename = member_or_default<std::string>(o, "filename", path);
    s.inserted_at = optional_member<timestamp>(o, "insertedAt", path);
    if (const boost::json::value* r = find_non_null(o, "round")) {
        const json_path round_path = path.field("round");
        const auto& ro = expect_object(*r, round_path);
        s.round_number = optional_member<int>(ro, "number", round_path);
        s.tournament = optional_member<int>(ro, "tournament", round_path);
    }
    s.trigger_id = optional_member<std::string>(o, "triggerId", path);
    s.selected = member_or_default<bool>(o, "selected", path);
    return s;
}

template <>
submission_score decode_value<submission_score>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    submission_score s;
    s.round_id = member_or_default<std::string>(o, "roundId", path);
    s.submission_id = member_or_default<std::string>(o, "submissionId", path);
    s.round_number = member_or_default<int>(o, "roundNumber", path);
    s.display_name = member_or_default<std::string>(o, "displayName", path);
    s.version = member_or_default<std::string>(o, "version", path);
    s.value = optional_member<double>(o, "value", path);
    s.percentile = optional_member<double>(o, "percentile", path);
    s.day = member_or_default<int>(o, "day", path);
    s.resolved = member_or_default<bool>(o, "resolved", path);
    s.date = optional_member<timestamp>(o, "date", path);
    s.resolve_date = optional_member<timestamp>(o, "resolveDate", path);
    s.round_resolve_time = optional_member<timestamp>(o, "roundResolveTime", path);
    s.round_score_time = optional_member<timestamp>(o, "roundScoreTime", path);
    s.round_close_staking_time = optional_member<timestamp>(o, "roundCloseStakingTime", path);
    return s;
}

template <>
metric_payout decode_value<metric_payout>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    metric_payout m;
    m.display_name = member_or_default<std::string>(o, "displayName", path);
    m.value = optional_member<double>(o, "value", path);
    m.percentile = optional_member<double>(o, "percentile", path);
    m.payout_pending = optional_member<decimal>(o, "payoutPending", path);
    m.payout_settled = optional_member<decimal>(o, "payoutSettled", path);
    m.date = optional_member<timestamp>(o, "date", path);
    m.day = member_or_default<int>(o, "day", path);
    return m;
}

template <>
round_payout decode_value<round_payout>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    round_payout p;
    p.round_number = member_or_default<int>(o, "roundNumber", path);
    p.resolved = member_or_default<bool>(o, "roundResolved", path);
    p.round_open_time = optional_member<timestamp>(o, "roundOpenTime", path);
    p.round_resolve_time = optional_member<timestamp>(o, "roundResolveTime", path);
    p.at_risk = optional_member<decimal>(o, "atRisk", path);
    p.payout_factor = optional_member<decimal>(o, "roundPayoutFactor", path);
    p.scores = array_member<metric_payout>(o, "submissionScores", path);
    p.corr_multiplier = optional_member<double>(o, "corrMultiplier", path);
    p.mmc_multiplier = optional_member<double>(o, "mmcMultiplier", path);
    p.round_target = member_or_default<std::string>(o, "roundTarget", path);
    return p;
}

template <>
model_payout decode_value<model_payout>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    model_payout m;
    m.round_id = member_or_default<std::string>(o, "roundId", path);
    m.round_number = member_or_default<int>(o, "roundNumber", path);
    m.round_resolve_time = optional_member<timestamp>(o, "roundResolveTime", path);
    m.model_id = member_or_default<std::string>(o, "modelId", path);
    m.model_name = member_or_default<std::string>(o, "modelName", path);
    m.model_display_name = member_or_default<std::string>(o, "modelDisplayName", path);
    m.payout_nmr = optional_member<decimal>(o, "payoutNmr", path);
    m.payout_value = optional_member<decimal>(o, "payoutValue", path);
    m.currency_symbol = member_or_default<std::string>(o, "currencySymbol", path);
    return m;
}

template <>
stake_request decode_value<stake_request>(const boost::json::value& v, const json_path& path) {
    const auto& o = expect_object(v, path);
    stake_request r;
    r.id = optional_member<std::string>(o, "id", path);
    r.type = member_or_default<std::string>(o, "type", path);
    r.status = member_or_default<std::string>(o, "status", path);
    r.requested_amount = optional_member<decimal>(o, "requestedAmount", path);
    r.due_date = optional_member<timestamp>(o, "dueDate", path);
    r.drain = member_or_default<bool>(o, "drain", path);
    return r;
}

} // namespace numerapi::detail

namespace numerapi {

round tag_invoke(boost::json::value_to_tag<round>, const boost::json::value& v) {
    return detail::decode_value<round>(v, detail::json_path("round"));
}
model tag_invoke(boost::json::value_to_tag<model>, const boost::json::value& v) {
    return detail::decode_value<model>(v, detail::json_path("model"));
}
api_token tag_invoke(boost::json::value_to_tag<api_token>, const boost::json::value& v) {
    return detail::decode_value<api_token>(v, detail::json_path("api_token"));
}
wallet_transaction tag_invoke(boost::json::value_to_tag<wallet_transaction>, const boost::json::value& v) {
    return detail::decode_value<wallet_transaction>(v, detail::json_path("wallet_transaction"));
}
account tag_invoke(boost::json::value_to_tag<account>, const boost::json::value& v) {
    return detail::decode_value<account>(v, detail::json_path("account"));
}
profile tag_invoke(boost::json::value_to_tag<profile>, const boost::json::value& v) {
    return detail::decode_value<profile>(v, detail::json_path("profile"));
}
submission tag_invoke(boost::json::value_to_tag<submission>, const boost::json::value& v) {
    return detail::decode_value<submission>(v, detail::json_path("submission"));
}
submission_score tag_invoke(boost::json::value_to_tag<submission_score>, const boost::json::value& v) {
    return detail::decode_value<submission_score>(v, detail::json_path("submission_score"));
}
metric_payout tag_invoke(boost::json::value_to_tag<metric_payout>, const boost::json::value& v) {
    return detail::decode_value<metric_payout>(v, detail::json_path("metric_payout"));
}
round_payout tag_invoke(boost::json::value_to_tag<round_payout>, const boost::json::value& v) {
    return detail::decode_value<round_payout>(v, detail::json_path("round_payout"));
}

} // namespace numerapi
