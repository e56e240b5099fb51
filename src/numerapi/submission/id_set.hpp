// The set of ids a predictions check has seen (or the live universe's ids): millions of
// short byte strings, tested once per row. Open addressing over 8-byte slots (where the id
// is kept and 24 bits of its hash), the ids' bytes packed in blocks beside the slots: about
// 8 bytes a row of table and the id's own length plus one of storage, where a node-based
// std::unordered_set<std::string> took some 60, one allocation per row, and a cache miss
// per lookup more.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
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
    void prefetch(std::uint64_t hash) const;
    std::size_t size() const { return size_; }
    /// Makes room for `count` ids in all (growing rehashes every id).
    void reserve(std::size_t count);

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

    /// The slot holding `id`, or the empty slot where it would go.
    std::size_t find(std::string_view id, std::uint64_t hash) const;
    std::string_view stored(std::uint64_t slot) const;
    std::uint64_t store(std::string_view id);
    void grow();
    void rehash(std::size_t slots);

    big_array<std::uint64_t> slots_; ///< 0: empty; else (offset + 1) | tag << offset_bits
    std::size_t slot_count_ = 0;     ///< a power of two
    std::size_t size_ = 0;
    std::vector<big_array<char>> blocks_; ///< the ids' bytes: a length, then the bytes
    std::size_t used_ = 0;                ///< bytes used in the last block
    std::size_t capacity_ = 0;            ///< of the last block (at most 4 MiB)
};

} // namespace numerapi::detail
