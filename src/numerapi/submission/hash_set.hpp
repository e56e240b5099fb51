// The hashes of the ids one part of a predictions check has seen: open addressing over
// 8-byte slots, the id itself not kept (about 11 bytes a row in all, where keeping the ids
// took some 30). Two ids with one hash look like one id twice: the check takes such a hash
// for a suspect, and a second pass over the rows, with the ids themselves, tells.
#pragma once

#include "numerapi/submission/huge_page_array.hpp"

#include <cstdint>
#include <cstddef>
#include <utility>

namespace numerapi::detail {

class hash_set {
public:
    /// Adds `hash`; false if it was there already.
    bool insert(std::uint64_t hash) {
        if ((size_ + 1) * 4 > slot_count_ * 3) grow(); // at most three quarters full
        const std::uint64_t key = key_of(hash);
        for (std::size_t i = key & (slot_count_ - 1);; i = (i + 1) & (slot_count_ - 1)) {
            if (slots_[i] == key) return false;
            if (slots_[i] == 0) {
                slots_[i] = key;
                ++size_;
                return true;
            }
        }
    }
    bool contains(std::uint64_t hash) const {
        if (slot_count_ == 0) return false;
        const std::uint64_t key = key_of(hash);
        for (std::size_t i = key & (slot_count_ - 1);; i = (i + 1) & (slot_count_ - 1)) {
            if (slots_[i] == key) return true;
            if (slots_[i] == 0) return false;
        }
    }
    /// Asks the processor for the slot `hash` starts at, ahead of insert() or contains().
    void prefetch(std::uint64_t hash) const {
        if (slot_count_ != 0) __builtin_prefetch(&slots_[key_of(hash) & (slot_count_ - 1)]);
    }
    std::size_t size() const { return size_; }
    /// Makes room for `count` hashes in all (growing moves every one).
    void reserve(std::size_t count) {
        std::size_t slots = 1024;
        while (slots * 3 < count * 4) slots *= 2;
        if (slots > slot_count_) rehash(slots);
    }
    std::size_t slot_count() const { return slot_count_; }
    /// Calls `f(hash)` for each hash in the slots [first, end), in no particular order (a
    /// hash of 0 is given as 1).
    template <class F>
    void visit(std::size_t first, std::size_t end, F&& f) const {
        for (std::size_t i = first; i < end && i < slot_count_; ++i)
            if (slots_[i] != 0) f(slots_[i]);
    }

private:
    /// 0 marks an empty slot: a hash of 0 is kept as 1 (two ids then share it: a suspect).
    static std::uint64_t key_of(std::uint64_t hash) { return hash != 0 ? hash : 1; }

    void grow() { rehash(slot_count_ != 0 ? slot_count_ * 2 : 1024); }
    void rehash(std::size_t slots) {
        auto old = std::exchange(slots_, allocate_huge_page_array<std::uint64_t>(slots));
        const std::size_t old_count = std::exchange(slot_count_, slots);
        for (std::size_t k = 0; k < old_count; ++k) {
            if (old[k] == 0) continue;
            std::size_t i = old[k] & (slots - 1);
            while (slots_[i] != 0) i = (i + 1) & (slots - 1);
            slots_[i] = old[k];
        }
    }

    huge_page_array<std::uint64_t> slots_;
    std::size_t slot_count_ = 0; ///< a power of two
    std::size_t size_ = 0;
};

} // namespace numerapi::detail
