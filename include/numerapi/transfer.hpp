/// @file
/// Transfers to and from presigned URLs.
///
/// Downloads: one streaming GET to `<path>.part` through a fixed buffer, resumed with
/// Range and If-Range after any transient failure, checked, and renamed to `path` only when
/// complete. Memory does not grow with the file's size.
///
/// Uploads: a PUT of a file's raw bytes, or a multipart/form-data POST (text fields and a
/// file part), streamed from disk through a fixed buffer with an exact Content-Length
/// (never chunked: S3 refuses chunked uploads). The answer's status is checked, and an
/// MD5 ETag is compared with the MD5 of what was sent. A failed upload is sent again whole.
#pragma once

#include <numerapi/types.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace numerapi {

/// How far a transfer is, as a progress_callback is told.
struct transfer_progress {
    std::string file;                         ///< the destination path
    std::uint64_t bytes_done = 0;             ///< bytes of the file on disk so far
    std::optional<std::uint64_t> bytes_total; ///< the file's size, once the server has said it
    /// Only in the last report of a file that was already current at its path
    /// (download_options::skip_unchanged): nothing was fetched.
    bool unchanged = false;
};

/// Called on the client's internal strand (made from the client's executor; on a
/// multi-threaded io_context, any of its threads, one at a time), at most every
/// download_options::progress_interval and once more when the file is complete. Keep it
/// short: it runs between reads. Guard what it shares with other threads.
using progress_callback = std::function<void(const transfer_progress&)>;

/// How far a compressed body or archive may expand: decoding stops with an error beyond
/// either bound, and what was decoded is discarded (a decompression bomb fills no disk).
struct decompression_limits {
    /// Most bytes a gzip-encoded download, or all of a ZIP archive's entries together, may
    /// decode to.
    std::uint64_t max_size = 64ull << 30;
    /// Most decoded bytes per encoded byte, checked once the first MiB is decoded (gzip can
    /// reach about 1030; the Numerai files are far below 20).
    double max_ratio = 200.0;
};

/// How a download runs (download, download_dataset, download_submission, ...).
struct download_options {
    /// Continue an existing `<path>.part` (if the server's validator, its ETag or else its
    /// Last-Modified date, still matches) instead of starting over. Without a validator a
    /// download always starts over.
    bool resume = true;
    /// A complete file already at the path is kept if the server says it is still current,
    /// for one round trip and no body: the request asks "only if changed" (If-None-Match
    /// with its ETag, or If-Modified-Since with its Last-Modified date, recorded beside it
    /// when it was downloaded: `.train.parquet.etag` for `train.parquet`) and a 304 leaves
    /// it as it is. A file without a usable record is kept only if the answer's ETag is an
    /// MD5 (as S3's) of a file of its size and its own MD5 is the same (reading it once);
    /// never for its size alone. A changed file is fetched whole and replaces the old one
    /// only when complete. false: fetched whatever is there.
    bool skip_unchanged = true;
    /// Bytes read and written per step; the only per-download memory that scales.
    std::size_t buffer_size = 256u << 10;
    /// Told how far the download is; empty: nothing is told.
    progress_callback on_progress;
    /// The least time between two calls of on_progress (the one for the complete file always comes).
    std::chrono::milliseconds progress_interval{100};
    /// Download one file as this many byte ranges at once, each over its own pooled
    /// connection, written in place into a preallocated `<path>.part`; a segment that fails
    /// is retried alone. 1: one stream. A server without range support, or a file smaller
    /// than two min_segment_size, gets one stream, and so does a file with no validator
    /// (ETag or Last-Modified: the ranges could come from two versions of it) or one sent
    /// with a Content-Encoding. A segmented download interrupted between runs starts over
    /// (only one stream resumes a .part across runs).
    unsigned segments = 1;
    /// The smallest segment: a file gets at most its size / min_segment_size segments, so one
    /// stream below twice this size.
    std::uint64_t min_segment_size = 8u << 20;
    /// Make the file survive a power loss: its bytes are flushed to the disk (fsync) before
    /// it is renamed to its final path. Off, a file is still complete at its final path or
    /// absent whatever the network, the server or the process do (the rename comes after
    /// the last byte and every check), but after an operating-system crash the disk may
    /// hold less than the rename promised, as with curl, wget, aria2c or numerapi. On, the
    /// call also waits for the disk: here about 540 MB/s, below the network's speed.
    bool durable = false;
    /// Bounds on a gzip-encoded answer (a file host may send `Content-Encoding: gzip`
    /// whatever the client asks); beyond them the call fails with errc::invalid_response.
    /// Also the bounds of dataset_download_options::unzip.
    decompression_limits decompression;
};

/// What a download did.
struct download_result {
    std::filesystem::path path;     ///< where the complete file is
    std::uint64_t size = 0;         ///< its size in bytes
    std::string etag;               ///< the server's ETag of it, if any
    unsigned attempts = 0;          ///< requests made (1 when nothing failed)
    std::uint64_t resumed_from = 0; ///< bytes already on disk when the first request was made
    unsigned segments = 1;          ///< byte ranges fetched at once (1: one stream)
    /// The file at the path was already current (download_options::skip_unchanged): the
    /// server answered 304 and nothing was fetched.
    bool unchanged = false;
};

/// What download_current_dataset fetches and how.
struct dataset_download_options {
    /// Which files of the round to fetch, by dataset name ("v5.2/train.parquet"); unset:
    /// all of them.
    std::function<bool(const std::string&)> filter;
    /// Files downloaded at once (at least 1). They share the client's connection pool.
    std::size_t concurrency = 4;
    /// The round; unset: the current one.
    std::optional<round_number> round;
    /// Fetch the round's single zip archive of the 2017-era API
    /// (numerai_dataset_<round>.zip) instead of the per-file datasets.
    bool legacy_zip = false;
    /// Extract downloaded .zip archives into `<dest_dir>/<archive name without .zip>/`,
    /// refusing entries that would escape it, bad CRCs and decompression bombs (beyond
    /// download.decompression).
    bool unzip = false;
    /// Options of each file's download; on_progress is told about every file.
    download_options download;
};

/// What download_current_dataset fetched.
struct dataset_download_result {
    std::vector<download_result> files;           ///< in the order the API lists them
    std::vector<std::filesystem::path> extracted; ///< files written by unzip
};

/// How an upload runs (upload, upload_form, and the uploads of submissions and models).
struct upload_options {
    /// Bytes read from disk and written per step. 64 KiB keeps the file's bytes in the CPU
    /// cache between the read and the encryption: 256 KiB made a 1 GiB upload 30 % slower
    /// here (bench/run_uploads with bench_uploads --buffer-size).
    std::size_t buffer_size = 64u << 10;
    /// The Content-Type of a PUT (none by default, as numerapi sends none) or of the file
    /// part of a form.
    std::string content_type;
    /// Extra request headers, for example {"x_compute_id", "..."}.
    std::vector<std::pair<std::string, std::string>> headers;
    /// Told about the bytes of the file sent so far (bytes_total is the file's size).
    progress_callback on_progress;
    /// The least time between two calls of on_progress (the one after a successful upload always comes).
    std::chrono::milliseconds progress_interval{100};
};

/// What an upload did.
struct upload_result {
    unsigned http_status = 0; ///< the server's final answer (200, 201 or 204)
    std::string etag;         ///< its ETag, if any
    /// The file's MD5, computed when the server's ETag is an MD5 to check it against (S3's
    /// and the sandbox's are); empty when the server gave none. The file is read again for
    /// it after the upload, and one changed since it was sent fails the upload.
    std::string md5_hex;
    std::uint64_t size = 0; ///< the file's size in bytes
    unsigned attempts = 0;  ///< requests made (1 when nothing failed)
};

/// One text field of a multipart/form-data body.
struct form_field {
    std::string name;  ///< the field's name
    std::string value; ///< its text
};

/// The file part of a multipart/form-data body. The file is read while it is sent, never
/// whole into memory.
struct form_file {
    std::string field_name = "file"; ///< the name of the form field that holds the file
    std::filesystem::path path;      ///< the file sent
    std::string filename;            ///< as announced in Content-Disposition; empty: path's file name
};

} // namespace numerapi
