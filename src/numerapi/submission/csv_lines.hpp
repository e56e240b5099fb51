// Lines and fields of a CSV file as pandas.read_csv's C tokenizer reads them, from bytes in
// memory or from a file read in large blocks: the predictions check's (and the live
// universe's) reader.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <unistd.h>

namespace numerapi::detail {

/// One CSV record with quotes (line_source splits the others): fields split on commas; a
/// field in double quotes may hold commas and doubled quotes. The fields view `line`, or
/// `scratch` for quoted ones (reserved to the line's size first, so that the views stay
/// valid). Returns false for an unterminated quote.
bool split_csv(std::string_view line, std::vector<std::string_view>& out, std::string& scratch);

/// Lines as pandas' C tokenizer ends them (at LF, CRLF or a lone CR), from bytes in memory
/// or from a file read in large blocks, each split into its CSV fields by split_csv().
/// One pass over the bytes finds the line's end and its commas. Aligned to a cache line:
/// the parts of an input are read on threads of their own, each by its line_source.
class alignas(64) line_source {
public:
    /// `starts_input`: the bytes are the input's first (where a byte order mark may be).
    explicit line_source(std::string_view bytes, bool starts_input = true)
        : data_(bytes), starts_input_(starts_input) {}
    /// Reads `fd` (which the caller closes) to its end, as a stream (a pipe, say);
    /// read_failed() tells of an error.
    explicit line_source(int fd) : fd_(fd), at_end_(false), end_(std::numeric_limits<std::uint64_t>::max()) {}
    /// Reads the regular file `fd` from `begin` to `end`.
    line_source(int fd, std::uint64_t begin, std::uint64_t end)
        : fd_(fd), at_end_(false), positioned_(true), offset_(begin), end_(end), starts_input_(begin == 0) {}

    /// The next line without its end; false at the end of the input. The line is a view:
    /// valid until the next call.
    bool next(std::string_view& line) {
        for (;;) {
            const char* p = data_.data();
            const std::size_t n = data_.size();
            commas_.clear();
            quoted_ = false;
            std::size_t end = 0;
            bool ended = false; // at a CR or LF
            // The byte at `at` may be special: notes a comma or a quote; a line end ends it.
            const auto take = [&](std::size_t at) {
                const auto kind = byte_kinds[static_cast<unsigned char>(p[at])];
                if (kind == comma) commas_.push_back(at);
                else if (kind == quote) quoted_ = true;
                else if (kind == line_end) {
                    end = at;
                    ended = true;
                }
                return ended; // (an ordinary byte is a false alarm of special_bytes)
            };
            while (!ended && end < n) {
                // Sixteen or eight bytes at a time: past those that are nothing special (most
                // of them), then straight to each one that is or may be (byte by byte on a
                // big-endian machine).
#if defined(__SSE2__)
                if (end + 16 <= n) {
                    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + end));
                    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(',')),
                                                                      _mm_cmpeq_epi8(chunk, _mm_set1_epi8('"'))),
                                                         _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\r')),
                                                                      _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n'))));
                    const std::size_t from = end;
                    for (auto bits = static_cast<unsigned>(_mm_movemask_epi8(special)); bits != 0; bits &= bits - 1)
                        if (take(from + static_cast<std::size_t>(std::countr_zero(bits)))) break;
                    if (!ended) end += 16;
                    continue;
                }
#endif
                if (std::endian::native == std::endian::little && end + 8 <= n) {
                    std::uint64_t word;
                    std::memcpy(&word, p + end, sizeof word);
                    const std::size_t from = end;
                    for (std::uint64_t maybe = special_bytes(word); maybe != 0; maybe &= maybe - 1)
                        if (take(from + static_cast<std::size_t>(std::countr_zero(maybe) >> 3))) break;
                    if (!ended) end += 8;
                    continue;
                }
                for (; end < n; ++end) // the last few bytes
                    if (take(end)) break;
            }
            if (end > max_line_bytes && fd_ >= 0) { // whole or not: the block grows no more
                line_too_long_ = read_failed_ = at_end_ = true;
                data_ = {};
                return false;
            }
            // A line must end in what was read, and a CR last may be the start of a CRLF.
            if (!at_end_ && (end == n || (p[end] == '\r' && end + 1 == n))) {
                refill();
                continue;
            }
            if (n == 0) return false;
            std::size_t consumed = end;
            if (end < n) consumed += (p[end] == '\r' && end + 1 < n && p[end + 1] == '\n') ? 2 : 1;
            data_.remove_prefix(consumed);
            bytes_read_ += consumed;
            line_ = std::string_view(p, end);
            if (++number_ == 1 && starts_input_ && line_.starts_with("\xEF\xBB\xBF")) { // a UTF-8 byte order mark
                line_.remove_prefix(3);
                for (auto& c : commas_) c -= 3;
            }
            line = line_;
            return true;
        }
    }

    /// The last line's fields (see split_csv); false for an unterminated quote.
    bool fields(std::vector<std::string_view>& out, std::string& scratch) const {
        if (quoted_) return split_csv(line_, out, scratch);
        out.clear();
        std::size_t start = 0;
        for (const std::size_t c : commas_) {
            out.push_back(line_.substr(start, c - start));
            start = c + 1;
        }
        out.push_back(line_.substr(start));
        return true;
    }

    /// The longest line read from a file descriptor: a longer one ends the input as a failed
    /// read, so that a file without line ends cannot take memory without bound (pandas would
    /// read it whole); the block holds at most about twice this. Bytes in memory are read
    /// whatever their lines.
    static constexpr std::size_t max_line_bytes = 16u << 20;

    std::size_t number() const { return number_; }
    /// Bytes of the lines returned so far, their ends included.
    std::uint64_t bytes_read() const { return bytes_read_; }
    /// Whether the input ended in a failed read, or in a line of over max_line_bytes.
    bool read_failed() const { return read_failed_; }
    /// Why the read failed, for a message: ": a line is longer than 16 MiB", or nothing when
    /// the system refused the read.
    std::string failure_detail() const {
        if (!line_too_long_) return {};
        return ": a line is longer than " + std::to_string(max_line_bytes >> 20) + " MiB";
    }

private:
    enum byte_kind : unsigned char { ordinary, comma, quote, line_end };
    static constexpr std::array<byte_kind, 256> byte_kinds = [] {
        std::array<byte_kind, 256> kinds{};
        kinds[static_cast<unsigned char>(',')] = comma;
        kinds[static_cast<unsigned char>('"')] = quote;
        kinds[static_cast<unsigned char>('\r')] = line_end;
        kinds[static_cast<unsigned char>('\n')] = line_end;
        return kinds;
    }();

    /// The eight bytes (of a little-endian word) that may be a comma, a quote, a CR or an
    /// LF, as the high bit of each: a test for a zero byte sets it for every byte that is
    /// one, and may set it for a byte above one (a false alarm, told by the byte's kind).
    static std::uint64_t special_bytes(std::uint64_t word) {
        constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
        const auto zero_byte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
        return zero_byte(word ^ (ones * ',')) | zero_byte(word ^ (ones * '"')) | zero_byte(word ^ (ones * '\r')) |
            zero_byte(word ^ (ones * '\n'));
    }

    /// Keeps the unread bytes, first in the block, and reads more after them.
    void refill() {
        const std::size_t kept = data_.size();
        const std::size_t from = kept ? static_cast<std::size_t>(data_.data() - block_.data()) : 0;
        if (block_.size() < kept + block_step) block_.resize(std::max(block_.size() * 2, kept + block_step));
        std::memmove(block_.data(), block_.data() + from, kept);
        std::size_t filled = kept;
        while (filled < block_.size()) {
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(block_.size() - filled, end_ - offset_));
            const ssize_t got = want == 0 ? 0
                : positioned_             ? ::pread(fd_, block_.data() + filled, want, static_cast<off_t>(offset_))
                                          : ::read(fd_, block_.data() + filled, want);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                read_failed_ = got < 0;
                at_end_ = true;
                break;
            }
            filled += static_cast<std::size_t>(got);
            offset_ += static_cast<std::uint64_t>(got);
        }
        data_ = std::string_view(block_.data(), filled);
    }

    static constexpr std::size_t block_step = 256u << 10;
    std::string_view data_;
    std::vector<char> block_;
    int fd_ = -1;
    bool at_end_ = true;                 ///< nothing more to read than data_
    bool positioned_ = false;            ///< reads at offset_ (pread), not at the file's position
    std::uint64_t offset_ = 0, end_ = 0; ///< of the next byte to read from fd_, and where to stop
    bool starts_input_ = true;
    bool read_failed_ = false;
    bool line_too_long_ = false;
    std::size_t number_ = 0;
    std::uint64_t bytes_read_ = 0;
    std::string_view line_;
    std::vector<std::size_t> commas_; ///< where in line_
    bool quoted_ = false;
};

/// Whether pandas skips `line`: it skips empty lines and lines of only spaces and tabs
/// (skip_blank_lines).
inline bool blank(std::string_view line) {
    for (const char c : line)
        if (c != ' ' && c != '\t') return false;
    return true;
}

} // namespace numerapi::detail
