// The file a download writes: `<path>.part` while incomplete, with the validator of the
// version it belongs to (a strong ETag, or Last-Modified: http/entity_tag.hpp) in
// `<path>.part.etag`, renamed to `path` only when complete. Both are opened without
// following symbolic links, in a directory reached from a trusted root without following
// any, and every later step (the MD5 check, the rename, the removal of the record) goes
// through the descriptors, never the path again (files/no_follow.hpp). What a later run
// needs to know about the complete file is recorded beside it (complete_file.hpp).
#pragma once

#include <numerapi/detail/outcome.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

namespace numerapi::detail {

class part_file {
public:
    /// Opens (creating) `<path>.part`. With `resume`, keeps what is there if its validator
    /// record exists; otherwise starts empty. `durable`: the bytes reach the disk before
    /// commit() renames the file into place. `beneath`: the directory the caller trusts,
    /// which `path` lies in; the directories between them are walked (and made) without
    /// following a link. Empty: `path`'s own directory is trusted. Fails with
    /// errc::io_error. Shared: work on the blocking executor (the final MD5, the flush) may
    /// outlive a cancelled call.
    static outcome<std::shared_ptr<part_file>> open(std::filesystem::path path, const std::filesystem::path& beneath,
                                                    bool resume, bool durable);
    ~part_file();
    part_file(const part_file&) = delete;
    part_file& operator=(const part_file&) = delete;

    std::uint64_t size() const { return size_; }
    /// The bytes reach the disk before commit() (download_options::durable).
    bool durable() const { return durable_; }
    /// The version the bytes belong to; empty: none (they cannot be resumed).
    const std::string& validator() const { return validator_; }

    /// Starts over: empties the file and records `validator` (may be empty) as its version.
    outcome<void> restart(const std::string& validator);
    /// Appends at the end.
    outcome<void> append(std::span<const char> bytes);
    /// Segmented downloads: sizes the file to `total` bytes (allocating them where the file
    /// system can), writes at any offset, and declares the file complete at `total`.
    /// Call after restart(""): without a validator record, an interrupted segmented part is
    /// never taken for a prefix by a later single-stream resume.
    outcome<void> preallocate(std::uint64_t total);
    outcome<void> write_at(std::uint64_t offset, std::span<const char> bytes);
    void set_complete(std::uint64_t total) { size_ = total; }
    /// MD5 of the whole file, lower-case hex; fails with errc::io_error if it cannot be
    /// read, or once `stop` is set. Safe on another thread while nothing writes.
    outcome<std::string> md5_hex(const std::atomic<bool>& stop) const;
    /// Durable: waits until the bytes are on the disk (fsync), so that commit() has only the
    /// rename to flush. Nothing otherwise. Safe on another thread while nothing writes.
    outcome<void> flush() const;
    /// Moves the complete file to its final path (after flush() when durable), forgets the
    /// part's validator record, and records `version` (the server's validator of what was
    /// received; empty: none) for the complete file (transfer/complete_file.hpp).
    outcome<void> commit(const std::string& version);
    const std::filesystem::path& final_path() const { return path_; }
    std::filesystem::path part_path() const;

private:
    part_file(std::filesystem::path path, bool durable);
    failure failed(std::string what) const;
    std::filesystem::path validator_path() const;

    std::filesystem::path path_;
    std::string name_; ///< path_'s last component, in dir_fd_
    int dir_fd_ = -1;  ///< the directory the file is in
    int fd_ = -1;
    std::uint64_t size_ = 0;
    bool durable_;
    std::uint64_t unflushed_ = 0; ///< bytes written since write-back was last started (durable)
    std::string validator_;
};

} // namespace numerapi::detail
