// Zeroed arrays for the tables a predictions check fills at random, one row after another:
// of millions of slots, every row touching one. Large ones are mapped straight from the
// kernel, which zeroes each page as it is first touched (a memset would write them all
// once more), 2 MiB-aligned so that it may back them with huge pages: one page fault and
// one TLB entry per 2 MiB, not per 4 KiB.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

#include <sys/mman.h>

namespace numerapi::detail {

class free_huge_page_array {
public:
    free_huge_page_array() = default;
    explicit free_huge_page_array(std::size_t mapped_bytes) : mapped_bytes_(mapped_bytes) {}
    void operator()(void* p) const noexcept {
        if (mapped_bytes_ != 0) ::munmap(p, mapped_bytes_);
        else std::free(p);
    }

private:
    std::size_t mapped_bytes_ = 0; ///< 0: from calloc
};

template <class T>
using huge_page_array = std::unique_ptr<T[], free_huge_page_array>;

/// `count` zeroed elements of a trivial T; from calloc under 2 MiB.
template <class T>
huge_page_array<T> allocate_huge_page_array(std::size_t count) {
    constexpr std::size_t huge_page = 2u << 20;
    if (count > SIZE_MAX / sizeof(T) - huge_page) throw std::bad_alloc();
    const std::size_t wanted = count * sizeof(T);
    if (wanted < huge_page) {
        void* p = std::calloc(count == 0 ? 1 : count, sizeof(T));
        if (p == nullptr) throw std::bad_alloc();
        return huge_page_array<T>(static_cast<T*>(p));
    }
    const std::size_t bytes = (wanted + huge_page - 1) / huge_page * huge_page;
    // A mapping a huge page longer, trimmed to the 2 MiB-aligned run inside it.
    void* mapped = ::mmap(nullptr, bytes + huge_page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw std::bad_alloc();
    const auto start = reinterpret_cast<std::uintptr_t>(mapped);
    const std::uintptr_t aligned = (start + huge_page - 1) / huge_page * huge_page;
    if (aligned != start) ::munmap(mapped, aligned - start);
    if (const std::size_t tail = start + huge_page - aligned; tail != 0)
        ::munmap(reinterpret_cast<void*>(aligned + bytes), tail);
    void* p = reinterpret_cast<void*>(aligned);
#ifdef MADV_HUGEPAGE
    ::madvise(p, bytes, MADV_HUGEPAGE); // advice: without it, ordinary pages
#endif
    return huge_page_array<T>(static_cast<T*>(p), free_huge_page_array(bytes));
}

} // namespace numerapi::detail
