// The set of ids a predictions check has seen (or the live universe's ids): millions of
// short byte strings, tested once per row. Open addressing over 8-byte slots (where the id
// is kept and 24 bits of its hash), the ids' bytes packed in blocks beside the slots: about
// 8 bytes a row of table and the id's own length plus one of storage, where a node-based
// std::unordered_set<std::string> took some 60, one allocation per row, and a cache miss
// per lookup more.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace numerapi::detail {

class id_set {
public:
    id_set() = default;
    /// `keeps_lines`: each id is stored with the line insert() was given (8 bytes more).
    explicit id_set(bool keeps_lines) : keeps_lines_(keeps_lines) {}

    /// The hash insert() and contains() take: compute it once per id.
    static std::uint64_t hash(std::string_view id);

    /// Adds `id` (a copy of its bytes), with `line` if the set keeps lines; false if it was
    /// there already.
    bool insert(std::string_view id, std::uint64_t hash, std::uint64_t line = 0);
    bool contains(std::string_view id, std::uint64_t hash) const;
    /// Asks the processor for the slot `hash` starts at, ahead of insert() or contains().
    void prefetch(std::uint64_t hash) const {
        if (slot_count_ != 0) __builtin_prefetch(&slots_[hash & (slot_count_ - 1)]);
    }
    std::size_t size() const { return size_; }
    /// Makes room for `count` ids in all (growing rehashes every id).
    void reserve(std::size_t count);
    /// The blocks the ids are stored in, in the order inserted: visit() takes a range.
    std::size_t block_count() const { return blocks_.size(); }
    /// Calls `f(id, line)` for each id stored in the blocks [first, end), in the order they
    /// were inserted; `f` returns false to stop.
    template <class F>
    void visit(std::size_t first, std::size_t end, F&& f) const {
        for (std::size_t b = first; b < end && b < blocks_.size(); ++b) {
            const char* p = blocks_[b].get();
            for (const char* const filled = p + filled_[b]; p < filled;) {
                const std::string_view id = entry_at(p);
                p = id.data() + id.size();
                std::uint64_t line = 0;
                if (keeps_lines_) {
                    std::memcpy(&line, p, sizeof line);
                    p += sizeof line;
                }
                if (!f(id, line)) return;
            }
        }
    }

private:
    /// Memory in 2 MiB-aligned runs that the kernel may back with huge pages: one page fault
    /// and one TLB entry per 2 MiB of a table that every row touches at random.
    struct free_memory {
        void operator()(void* p) const noexcept;
    };
    template <class T>
    using big_array = std::unique_ptr<T[], free_memory>;
    template <class T>
    static big_array<T> allocate(std::size_t count);

    /// A length byte of 0xFF: four bytes of length follow.
    static constexpr std::size_t long_length = 0xFF;
    /// The id stored at `p`: its length, then its bytes (then its line, if kept).
    static std::string_view entry_at(const char* p) {
        std::size_t length = static_cast<unsigned char>(*p++);
        if (length == long_length) {
            std::uint32_t long_one = 0;
            std::memcpy(&long_one, p, sizeof long_one);
            length = long_one;
            p += sizeof long_one;
        }
        return {p, length};
    }

    /// The slot holding `id`, or the empty slot where it would go.
    std::size_t find(std::string_view id, std::uint64_t hash) const;
    std::string_view stored(std::uint64_t slot) const;
    std::uint64_t store(std::string_view id, std::uint64_t line);
    void grow();
    void rehash(std::size_t slots);

    big_array<std::uint64_t> slots_; ///< 0: empty; else (offset + 1) | tag << offset_bits
    std::size_t slot_count_ = 0;     ///< a power of two
    std::size_t size_ = 0;
    std::vector<big_array<char>> blocks_; ///< the ids' bytes: a length, the bytes, the line
    std::vector<std::size_t> filled_;     ///< bytes stored in each block
    std::size_t capacity_ = 0;            ///< of the last block (at most 4 MiB)
    bool keeps_lines_ = false;            ///< a line follows each id's bytes
};

} // namespace numerapi::detail
