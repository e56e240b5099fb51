#include "numerapi/submission/id_set.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <utility>

namespace numerapi::detail {

namespace {

constexpr unsigned offset_bits = 40; ///< a terabyte of ids
constexpr std::uint64_t offset_mask = (std::uint64_t{1} << offset_bits) - 1;
constexpr unsigned block_bits = 22; ///< 4 MiB blocks
constexpr std::size_t block_size = std::size_t{1} << block_bits;
constexpr std::size_t first_block_size = 64u << 10;

std::uint64_t tag_of(std::uint64_t hash) { return hash >> offset_bits; }

} // namespace

std::uint64_t id_set::hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

std::string_view id_set::stored(std::uint64_t slot) const {
    const std::uint64_t offset = (slot & offset_mask) - 1;
    return entry_at(blocks_[offset >> block_bits].get() + (offset & (block_size - 1)));
}

std::uint64_t id_set::store(std::string_view id) {
    if (id.size() > UINT32_MAX) throw std::length_error("an id longer than 4 GiB");
    const std::size_t header = id.size() < long_length ? 1 : 5;
    const std::size_t need = header + id.size();
    if (blocks_.empty() || filled_ + need > capacity_) {
        // Blocks grow from 64 KiB to 4 MiB, so that a small set stays small. An id longer
        // than a block gets a block of its own size (its offset is its start).
        if (blocks_.size() + 1 >= (std::size_t{1} << (offset_bits - block_bits))) // offset + 1 below 2^40
            throw std::length_error("more ids than the set can hold");
        const std::size_t capacity = blocks_.empty() ? first_block_size : std::min(capacity_ * 2, block_size);
        blocks_.reserve(blocks_.size() + 1);
        blocks_.push_back(allocate_huge_page_array<char>(std::max(need, capacity))); // nothing changes if this throws
        filled_ = 0;
        capacity_ = capacity;
    }
    // (A long id's block is full past its capacity: the next id starts a new block.)
    char* p = blocks_.back().get() + filled_;
    const std::uint64_t offset = (static_cast<std::uint64_t>(blocks_.size() - 1) << block_bits) + filled_;
    if (header == 1) {
        *p++ = static_cast<char>(id.size());
    } else {
        *p++ = static_cast<char>(long_length);
        const auto length = static_cast<std::uint32_t>(id.size());
        std::memcpy(p, &length, sizeof length);
        p += sizeof length;
    }
    std::memcpy(p, id.data(), id.size());
    filled_ += need;
    return offset;
}

std::size_t id_set::find(std::string_view id, std::uint64_t hash) const {
    const std::size_t mask = slot_count_ - 1;
    const std::uint64_t tag = tag_of(hash);
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const std::uint64_t slot = slots_[i];
        if (slot == 0) return i;
        if ((slot >> offset_bits) == tag && stored(slot) == id) return i;
    }
}

bool id_set::contains(std::string_view id, std::uint64_t hash) const {
    return slot_count_ != 0 && slots_[find(id, hash)] != 0;
}

bool id_set::insert(std::string_view id, std::uint64_t hash) {
    // At most three quarters full: linear probes stay short.
    if ((size_ + 1) * 4 > slot_count_ * 3) grow();
    const std::size_t i = find(id, hash);
    if (slots_[i] != 0) return false;
    slots_[i] = (store(id) + 1) | tag_of(hash) << offset_bits;
    ++size_;
    return true;
}

void id_set::reserve(std::size_t count) {
    std::size_t slots = 1024;
    while (slots * 3 < count * 4) slots *= 2; // at most three quarters full
    if (slots > slot_count_) rehash(slots);
}

void id_set::grow() { rehash(std::max<std::size_t>(slot_count_ * 2, 1024)); }

void id_set::rehash(std::size_t slots) {
    auto old = std::exchange(slots_, allocate_huge_page_array<std::uint64_t>(slots));
    const std::size_t old_count = std::exchange(slot_count_, slots);
    const std::size_t mask = slots - 1;
    for (std::size_t k = 0; k < old_count; ++k) {
        const std::uint64_t slot = old[k];
        if (slot == 0) continue;
        std::size_t i = hash(stored(slot)) & mask;
        while (slots_[i] != 0) i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

} // namespace numerapi::detail
