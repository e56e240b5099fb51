// The download engine: one GET streamed into a part_file, inside the one retry loop, so
// that resets, short bodies, gateway errors and expired URLs resume from the byte reached.
#pragma once

#include "numerapi/transfer/checksums.hpp"
#include "numerapi/transfer/complete_file.hpp"
#include "numerapi/transfer/part_file.hpp"
#include "numerapi/transfer/transfer_context.hpp"

#include <numerapi/transfer.hpp>

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace numerapi::detail {

struct download_job {
    std::string url;
    std::filesystem::path path;
    download_options options;
    /// Fetches a fresh presigned URL when the current one has expired (403); empty: none.
    std::function<boost::asio::awaitable<outcome<std::string>>()> refresh_url;
    /// The directory the caller trusts, which `path` lies in (a batch's destination): the
    /// directories between them are walked without following links. Empty: `path`'s own.
    std::filesystem::path beneath;
    /// The complete file already at `path` (download() looks when skip_unchanged): asked
    /// about with its recorded version in a conditional request, or, without one, compared
    /// by its MD5 with the server's ETag when that is an MD5 and the sizes match. nullopt:
    /// fetched whatever is there.
    std::optional<complete_file> current;
};

/// Adds to a request for `job`'s file the condition "only if it is not the recorded
/// version": If-None-Match for an ETag, If-Modified-Since for a date. Nothing without one.
void ask_if_changed(const download_job& job, boost::beast::http::fields& headers);
/// Whether ask_if_changed adds a condition: then a 304 means the file at the path is current.
bool asks_if_changed(const download_job& job);
/// Whether an answer with `etag` for a file of `size` bytes may be the unrecorded file at
/// the path: the same size, and the ETag is an MD5 to compare its bytes with.
bool may_be_current_file(const download_job& job, std::string_view etag, std::uint64_t size);
/// Whether the unrecorded file at the path, as it was looked at, has the MD5 that `etag`
/// stands for. Reads the whole file, on ctx.blocking (async/offload.hpp); fails when its
/// directory cannot be opened, or when cancelled.
boost::asio::awaitable<outcome<bool>> same_as_current_file(const transfer_context& ctx, const download_job& job,
                                                           std::string etag);

/// Both engines' last steps, with what grows with the file's size on ctx.blocking: checks
/// the complete part's MD5 against `expected_md5` (if any: a mismatch discards the part and
/// fails with errc::checksum_mismatch), flushes it to the disk when durable, and commits it
/// as the server's `version` (part_file::commit). `attempts`: for a cancellation's
/// diagnostics.
boost::asio::awaitable<outcome<void>> finish_part(const transfer_context& ctx, std::shared_ptr<part_file> part,
                                                  std::optional<std::string> expected_md5, std::string version,
                                                  unsigned attempts);

/// The file at `job.path` is the server's `version` (a 304, or the MD5 matched): removes
/// any `.part` a run had begun for it, records the version for the next run, tells the
/// progress callback, and returns the result (`unchanged`, nothing fetched; `etag`).
/// nullopt if the file changed or went since it was looked at: then it is to be fetched.
/// Fails when the file's directory cannot be opened.
outcome<std::optional<download_result>> keep_current_file(const download_job& job, const std::string& version,
                                                          std::string etag, unsigned attempts);

/// The refusal of a destination that cannot become the file: none, or an existing
/// directory (the download would fail only at the rename, after every byte) as
/// errc::invalid_argument of `operation`. Calls check it before their first request.
std::optional<failure> unusable_target(const std::filesystem::path& path, std::string_view operation);

/// Downloads `job.url` to `job.path`: segmented_download when job.options.segments > 1,
/// else single_stream_download. A complete file already at the path is first asked about
/// (download_options::skip_unchanged) and kept when the server says it is current.
/// On a failure, nothing new is at `job.path`.
boost::asio::awaitable<outcome<download_result>> download(transfer_context ctx, download_job job);

/// One GET streamed into `<path>.part`, resumed with Range/If-Range after transient
/// failures and across runs; `<path>.part` keeps what was received for the next call.
boost::asio::awaitable<outcome<download_result>> single_stream_download(transfer_context ctx, download_job job);

/// Downloads `job.url` in `job.options.segments` byte ranges at once, each over its own
/// pooled connection and written at its own offset into a preallocated `<path>.part`; a
/// segment that fails is retried alone. Falls back to download() when the server does not
/// support ranges or the file is too small to split; starts over if the file changes.
boost::asio::awaitable<outcome<download_result>> segmented_download(transfer_context ctx, download_job job);

} // namespace numerapi::detail
