// A set of ids, exact: the live universe's ids, which a predictions check tests once per
// row, and the suspects' ids in its second pass (hash_set keeps the rest). Many short byte
// strings. Open addressing over 8-byte slots (where the id
// is kept and 24 bits of its hash), the ids' bytes packed in blocks beside the slots: about
// 8 bytes a row of table and the id's own length plus one of storage, where a node-based
// std::unordered_set<std::string> took some 60, one allocation per row, and a cache miss
// per lookup more.
#pragma once

#include "numerapi/submission/huge_page_array.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace numerapi::detail {

class id_set {
public:
    /// The hash insert() and contains() take: compute it once per id.
    static std::uint64_t hash(std::string_view id);

    /// Adds `id` (a copy of its bytes); false if it was there already.
    bool insert(std::string_view id, std::uint64_t hash);
    bool contains(std::string_view id, std::uint64_t hash) const;
    /// Asks the processor for the slot `hash` starts at, ahead of insert() or contains().
    void prefetch(std::uint64_t hash) const {
        if (slot_count_ != 0) __builtin_prefetch(&slots_[hash & (slot_count_ - 1)]);
    }
    std::size_t size() const { return size_; }
    /// Makes room for `count` ids in all (growing rehashes every id).
    void reserve(std::size_t count);

private:
    /// A length byte of 0xFF: four bytes of length follow.
    static constexpr std::size_t long_length = 0xFF;
    /// The id stored at `p`: its length, then its bytes.
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
    std::uint64_t store(std::string_view id);
    void grow();
    void rehash(std::size_t slots);

    huge_page_array<std::uint64_t> slots_; ///< 0: empty; else (offset + 1) | tag << offset_bits
    std::size_t slot_count_ = 0;           ///< a power of two
    std::size_t size_ = 0;
    std::vector<huge_page_array<char>> blocks_; ///< the ids' bytes, each after its length
    std::size_t filled_ = 0;                    ///< bytes stored in the last block
    std::size_t capacity_ = 0;                  ///< of the last block (at most 4 MiB)
};

} // namespace numerapi::detail
