// Exact addition, subtraction and comparison of numerapi::decimal, on the digit strings
// (amounts of NMR have 18 fraction digits: more than a double or an int64 holds).
#include <numerapi/types.hpp>

#include <algorithm>
#include <string>
#include <string_view>

namespace numerapi {
namespace {

/// A decimal as sign, digits without the point, and how many of them are fraction digits.
struct fixed_point {
    bool negative = false;
    std::string digits; ///< most significant first; no leading zeros beyond one
    std::size_t scale = 0;
};

fixed_point split(const decimal& d) {
    std::string_view t = d.str();
    fixed_point f;
    if (!t.empty() && t.front() == '-') {
        f.negative = true;
        t.remove_prefix(1);
    }
    const auto point = t.find('.');
    if (point == std::string_view::npos) {
        f.digits = std::string(t);
    } else {
        f.digits = std::string(t.substr(0, point));
        f.digits += t.substr(point + 1);
        f.scale = t.size() - point - 1;
    }
    return f;
}

void rescale(fixed_point& f, std::size_t scale) {
    f.digits.append(scale - f.scale, '0');
    f.scale = scale;
}

/// Compares two magnitudes of the same scale.
std::strong_ordering compare_magnitude(std::string_view a, std::string_view b) {
    const auto strip = [](std::string_view s) {
        const auto first = s.find_first_not_of('0');
        return first == std::string_view::npos ? std::string_view{} : s.substr(first);
    };
    a = strip(a);
    b = strip(b);
    if (a.size() != b.size()) return a.size() <=> b.size();
    const int c = a.compare(b);
    return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

std::string add_magnitudes(std::string_view a, std::string_view b) {
    std::string out;
    int carry = 0;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
        int sum = carry;
        if (i < a.size()) sum += a[a.size() - 1 - i] - '0';
        if (i < b.size()) sum += b[b.size() - 1 - i] - '0';
        out.push_back(static_cast<char>('0' + sum % 10));
        carry = sum / 10;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

/// a - b for magnitudes with a >= b.
std::string subtract_magnitudes(std::string_view a, std::string_view b) {
    std::string out;
    int borrow = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        int d = (a[a.size() - 1 - i] - '0') - borrow;
        if (i < b.size()) d -= b[b.size() - 1 - i] - '0';
        borrow = d < 0;
        out.push_back(static_cast<char>('0' + (d + 10) % 10));
    }
    std::reverse(out.begin(), out.end());
    return out;
}

decimal join(bool negative, std::string digits, std::size_t scale) {
    if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
    const auto integer_digits = digits.size() - scale;
    const auto first = digits.find_first_not_of('0');
    const auto keep_from = std::min(first == std::string::npos ? integer_digits - 1 : first, integer_digits - 1);
    std::string text = digits.substr(keep_from, integer_digits - keep_from);
    if (scale > 0) text += "." + digits.substr(integer_digits);
    const bool zero = first == std::string::npos;
    return decimal((negative && !zero ? "-" : "") + text);
}

/// a + b, with b's sign flipped when `subtract`.
decimal combine(const decimal& x, const decimal& y, bool subtract) {
    fixed_point a = split(x), b = split(y);
    if (subtract) b.negative = !b.negative;
    const std::size_t scale = std::max(a.scale, b.scale);
    rescale(a, scale);
    rescale(b, scale);
    if (a.negative == b.negative) return join(a.negative, add_magnitudes(a.digits, b.digits), scale);
    if (compare_magnitude(a.digits, b.digits) >= 0)
        return join(a.negative, subtract_magnitudes(a.digits, b.digits), scale);
    return join(b.negative, subtract_magnitudes(b.digits, a.digits), scale);
}

} // namespace

decimal operator+(const decimal& a, const decimal& b) { return combine(a, b, false); }
decimal operator-(const decimal& a, const decimal& b) { return combine(a, b, true); }

std::strong_ordering compare(const decimal& x, const decimal& y) {
    fixed_point a = split(x), b = split(y);
    const std::size_t scale = std::max(a.scale, b.scale);
    rescale(a, scale);
    rescale(b, scale);
    const auto magnitude = compare_magnitude(a.digits, b.digits);
    const bool a_zero = magnitude == 0 && compare_magnitude(a.digits, "0") == 0;
    if (a_zero || a.negative == b.negative) {
        if (magnitude == 0) return std::strong_ordering::equal;
        return a.negative ? (0 <=> magnitude) : magnitude;
    }
    return a.negative ? std::strong_ordering::less : std::strong_ordering::greater;
}

} // namespace numerapi
