// parquet_string_table: a one-column Parquet file, written by hand with the few Thrift
// compact-protocol encodings its footer needs (field ids from parquet-format's parquet.thrift).
#include "sandbox/files/parquet_table.hpp"

#include <cstdint>

namespace numerapi::sandbox::files {
namespace {

// Thrift compact protocol type codes.
constexpr std::uint8_t t_i32 = 5, t_i64 = 6, t_binary = 8, t_list = 9, t_struct = 12;

// parquet.thrift enumerations.
constexpr std::int64_t byte_array = 6;     // Type
constexpr std::int64_t required = 0;       // FieldRepetitionType
constexpr std::int64_t utf8 = 0;           // ConvertedType
constexpr std::int64_t plain = 0, rle = 3; // Encoding
constexpr std::int64_t uncompressed = 0;   // CompressionCodec
constexpr std::int64_t data_page = 0;      // PageType

/// Writes one Thrift struct: fields in increasing id order, each header carrying the
/// distance from the previous id.
class compact_struct {
public:
    explicit compact_struct(std::string& out) : out_(out) {}

    void i32(int id, std::int64_t v) {
        header(id, t_i32);
        varint(zigzag(v));
    }
    void i64(int id, std::int64_t v) {
        header(id, t_i64);
        varint(zigzag(v));
    }
    void binary(int id, std::string_view v) {
        header(id, t_binary);
        bytes(v);
    }
    /// A nested struct: `fill` writes its fields.
    template <class Fill>
    void structure(int id, Fill fill) {
        header(id, t_struct);
        compact_struct inner(out_);
        fill(inner);
        inner.stop();
    }
    void i32_list(int id, std::initializer_list<std::int64_t> vs) {
        list_header(id, vs.size(), t_i32);
        for (auto v : vs) varint(zigzag(v));
    }
    void binary_list(int id, std::initializer_list<std::string_view> vs) {
        list_header(id, vs.size(), t_binary);
        for (auto v : vs) bytes(v);
    }
    /// A list of structs: `fill(inner, i)` writes the fields of element i.
    template <class Fill>
    void struct_list(int id, std::size_t n, Fill fill) {
        list_header(id, n, t_struct);
        for (std::size_t i = 0; i < n; ++i) {
            compact_struct inner(out_);
            fill(inner, i);
            inner.stop();
        }
    }
    void stop() { out_.push_back('\0'); }

private:
    static std::uint64_t zigzag(std::int64_t v) {
        return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
    }
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<char>(v));
    }
    void bytes(std::string_view v) {
        varint(v.size());
        out_.append(v);
    }
    void header(int id, std::uint8_t type) {
        // Ids here only grow by 1 to 15 (the short form).
        out_.push_back(static_cast<char>(((id - last_id_) << 4) | type));
        last_id_ = id;
    }
    void list_header(int id, std::size_t n, std::uint8_t element_type) {
        header(id, t_list);
        if (n < 15) {
            out_.push_back(static_cast<char>((n << 4) | element_type));
        } else {
            out_.push_back(static_cast<char>(0xf0 | element_type));
            varint(n);
        }
    }

    std::string& out_;
    int last_id_ = 0;
};

void little_endian_32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

} // namespace

std::string parquet_string_table(std::string_view column, const std::vector<std::string>& values) {
    // The page's values: PLAIN byte arrays (a 4-byte length, then the bytes). A required
    // column at the top level has no repetition or definition levels.
    std::string page_data;
    for (const auto& v : values) {
        little_endian_32(page_data, static_cast<std::uint32_t>(v.size()));
        page_data += v;
    }
    std::string page_header;
    {
        compact_struct h(page_header); // PageHeader
        h.i32(1, data_page);
        h.i32(2, static_cast<std::int64_t>(page_data.size()));
        h.i32(3, static_cast<std::int64_t>(page_data.size()));
        h.structure(5, [&](compact_struct& d) { // DataPageHeader
            d.i32(1, static_cast<std::int64_t>(values.size()));
            d.i32(2, plain);
            d.i32(3, rle);
            d.i32(4, rle);
        });
        h.stop();
    }
    const std::int64_t data_page_offset = 4; // right after the leading magic
    const auto chunk_size = static_cast<std::int64_t>(page_header.size() + page_data.size());
    const auto rows = static_cast<std::int64_t>(values.size());

    std::string footer;
    {
        compact_struct m(footer); // FileMetaData
        m.i32(1, 1);
        m.struct_list(2, 2, [&](compact_struct& e, std::size_t i) { // SchemaElement: the root, then the column
            if (i == 0) {
                e.binary(4, "schema");
                e.i32(5, 1);
            } else {
                e.i32(1, byte_array);
                e.i32(3, required);
                e.binary(4, column);
                e.i32(6, utf8);
            }
        });
        m.i64(3, rows);
        m.struct_list(4, 1, [&](compact_struct& g, std::size_t) {     // RowGroup
            g.struct_list(1, 1, [&](compact_struct& c, std::size_t) { // ColumnChunk
                c.i64(2, data_page_offset);
                c.structure(3, [&](compact_struct& cm) { // ColumnMetaData
                    cm.i32(1, byte_array);
                    cm.i32_list(2, {plain, rle});
                    cm.binary_list(3, {column});
                    cm.i32(4, uncompressed);
                    cm.i64(5, rows);
                    cm.i64(6, chunk_size);
                    cm.i64(7, chunk_size);
                    cm.i64(9, data_page_offset);
                });
            });
            g.i64(2, chunk_size);
            g.i64(3, rows);
        });
        m.binary(6, "numerapi-sandbox");
        m.stop();
    }

    std::string file = "PAR1";
    file += page_header;
    file += page_data;
    file += footer;
    little_endian_32(file, static_cast<std::uint32_t>(footer.size()));
    file += "PAR1";
    return file;
}

} // namespace numerapi::sandbox::files
