// JSON -> numerapi value types, with the API's wire conventions (docs/protocol.md §2.8):
// field names are camelCase as the API spells them; decimals are JSON strings (a JSON
// number is rejected: the real API never sends one); timestamps are ISO-8601 strings;
// integers may arrive as int64, uint64 or an integral double.
//
// Missing keys and JSON null: an optional member becomes nullopt, any other member keeps
// its default value ("", 0, false, empty vector), because queries select only some fields
// (accountProfile's models have no `tournament`). A value of the wrong type throws
// std::invalid_argument naming the field, e.g. "round.openTime: expected a string, got a number".
#pragma once

#include <numerapi/types.hpp>

#include <boost/json/array.hpp>
#include <boost/json/conversion.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace numerapi {

// boost::json::value_to<T>(v) support. Errors name the field from the type ("round.openTime").
round tag_invoke(boost::json::value_to_tag<round>, const boost::json::value& v);
model tag_invoke(boost::json::value_to_tag<model>, const boost::json::value& v);
api_token tag_invoke(boost::json::value_to_tag<api_token>, const boost::json::value& v);
wallet_transaction tag_invoke(boost::json::value_to_tag<wallet_transaction>, const boost::json::value& v);
account tag_invoke(boost::json::value_to_tag<account>, const boost::json::value& v);
profile tag_invoke(boost::json::value_to_tag<profile>, const boost::json::value& v);
submission tag_invoke(boost::json::value_to_tag<submission>, const boost::json::value& v);
submission_score tag_invoke(boost::json::value_to_tag<submission_score>, const boost::json::value& v);
metric_payout tag_invoke(boost::json::value_to_tag<metric_payout>, const boost::json::value& v);
/// Reads one v2RoundModelPerformances item.
round_payout tag_invoke(boost::json::value_to_tag<round_payout>, const boost::json::value& v);

} // namespace numerapi

namespace numerapi::detail {

/// Where a value sits in a response ("rounds[2].openTime"), for error messages. It is a chain
/// of views into its parents, built without allocating and rendered only on error; a child
/// must not outlive its parent, so pass children as temporaries: f(v, path.field("x")).
class json_path {
public:
    explicit json_path(std::string_view root) noexcept : name_(root) {}
    json_path field(std::string_view name) const noexcept { return json_path(this, name, no_index); }
    json_path element(std::size_t index) const noexcept { return json_path(this, {}, index); }
    std::string str() const;

private:
    static constexpr std::size_t no_index = static_cast<std::size_t>(-1);
    json_path(const json_path* parent, std::string_view name, std::size_t index) noexcept
        : parent_(parent), name_(name), index_(index) {}

    const json_path* parent_ = nullptr;
    std::string_view name_;
    std::size_t index_ = no_index;
};

/// Throws std::invalid_argument("<path>: <what>").
[[noreturn]] void decode_error(const json_path& path, std::string_view what);

const boost::json::object& expect_object(const boost::json::value& v, const json_path& path);
const boost::json::array& expect_array(const boost::json::value& v, const json_path& path);

/// The root field `key` of a response's `data` object; throws if it is missing.
const boost::json::value& root_field(const boost::json::object& data, std::string_view key);
/// The same, and throws if it is null or not an object / array.
const boost::json::object& root_object(const boost::json::object& data, std::string_view key);
const boost::json::array& root_array(const boost::json::object& data, std::string_view key);

/// `key` in `o`, or nullptr when it is missing or null.
const boost::json::value* find_non_null(const boost::json::object& o, std::string_view key) noexcept;

/// Converts one JSON value. Defined (explicitly specialised) for std::string, int, double,
/// bool, decimal, timestamp and the structs of types.hpp that have a tag_invoke above.
template <class T>
T decode_value(const boost::json::value& v, const json_path& path);

template <>
std::string decode_value<std::string>(const boost::json::value&, const json_path&);
template <>
int decode_value<int>(const boost::json::value&, const json_path&);
template <>
double decode_value<double>(const boost::json::value&, const json_path&);
template <>
bool decode_value<bool>(const boost::json::value&, const json_path&);
template <>
decimal decode_value<decimal>(const boost::json::value&, const json_path&);
template <>
timestamp decode_value<timestamp>(const boost::json::value&, const json_path&);
template <>
round decode_value<round>(const boost::json::value&, const json_path&);
template <>
model decode_value<model>(const boost::json::value&, const json_path&);
template <>
api_token decode_value<api_token>(const boost::json::value&, const json_path&);
template <>
wallet_transaction decode_value<wallet_transaction>(const boost::json::value&, const json_path&);
template <>
account decode_value<account>(const boost::json::value&, const json_path&);
template <>
profile decode_value<profile>(const boost::json::value&, const json_path&);
template <>
submission decode_value<submission>(const boost::json::value&, const json_path&);
template <>
submission_score decode_value<submission_score>(const boost::json::value&, const json_path&);
template <>
metric_payout decode_value<metric_payout>(const boost::json::value&, const json_path&);
template <>
round_payout decode_value<round_payout>(const boost::json::value&, const json_path&);
template <>
model_payout decode_value<model_payout>(const boost::json::value&, const json_path&);
template <>
stake_request decode_value<stake_request>(const boost::json::value&, const json_path&);

/// An array whose elements are all decodable as T (a null element is an error).
template <class T>
std::vector<T> decode_array(const boost::json::array& a, const json_path& path) {
    std::vector<T> out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) out.push_back(decode_value<T>(a[i], path.element(i)));
    return out;
}

/// Member `key` of `o` (whose path is `parent`): nullopt when missing or null.
template <class T>
std::optional<T> optional_member(const boost::json::object& o, std::string_view key, const json_path& parent) {
    const boost::json::value* v = find_non_null(o, key);
    if (v == nullptr) return std::nullopt;
    return decode_value<T>(*v, parent.field(key));
}

/// Member `key` of `o`: T{} when missing or null.
template <class T>
T member_or_default(const boost::json::object& o, std::string_view key, const json_path& parent) {
    const boost::json::value* v = find_non_null(o, key);
    if (v == nullptr) return T{};
    return decode_value<T>(*v, parent.field(key));
}

/// Array member `key` of `o`: empty when missing or null.
template <class T>
std::vector<T> array_member(const boost::json::object& o, std::string_view key, const json_path& parent) {
    const boost::json::value* v = find_non_null(o, key);
    if (v == nullptr) return {};
    const json_path path = parent.field(key);
    return decode_array<T>(expect_array(*v, path), path);
}

} // namespace numerapi::detail
