#include "sandbox/graphql/executor.hpp"

#include "sandbox/graphql/document_parser.hpp"
#include "sandbox/graphql/fragment_cycles.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <set>

namespace numerapi::sandbox::graphql {
namespace json = boost::json;

namespace {

constexpr std::string_view invalid_session = "Your session is invalid or has expired.";

json::object error_object(const std::string& message, location where) {
    json::object e{{"message", message}};
    if (where.line > 0) e["locations"] = json::array{json::object{{"line", where.line}, {"column", where.column}}};
    return e;
}

bool is_input_type(const type_definition& t) { return t.type != type_definition::kind::object; }

std::string literal_text(const value& v) {
    switch (v.type) {
        case value::kind::variable: return "$" + v.text;
        case value::kind::string: return "\"" + v.text + "\"";
        case value::kind::boolean: return v.boolean ? "true" : "false";
        case value::kind::null: return "null";
        case value::kind::enumeration: return v.text;
        case value::kind::integer:
        case value::kind::floating: return v.text;
        case value::kind::list: return "[...]";
        case value::kind::object: return "{...}";
    }
    return "?";
}

/// One request's validation and execution.
class run {
public:
    run(const schema& s, const std::map<std::string, resolver, std::less<>>& resolvers, const document& doc,
        const execution_options& options)
        : schema_(s), resolvers_(resolvers), doc_(doc), options_(options) {}

    execution_result execute(const operation_definition& op, const json::object& variables) {
        const type_definition* root = op.kind == "mutation" ? schema_.mutation()
            : op.kind == "query"                            ? schema_.query()
                                                            : nullptr;
        if (root == nullptr) return fail_request("Operation \"" + op.kind + "\" is not supported.", op.where);

        index_fragments();
        coerce_variables(op, variables);
        std::vector<planned_field> plan;
        if (errors_.empty()) plan = plan_root(*root, op.selections);
        expanding_for_validation_ = false; // the answer's shape is expanded again, uncounted
        if (!errors_.empty()) {
            execution_result r;
            r.http_status = options_.validation_error_status;
            r.body["errors"] = std::move(errors_);
            return r;
        }

        execution_result result;
        json::object data;
        json::array runtime_errors;
        for (auto& p : plan) {
            const std::string& key = p.node->response_key();
            if (p.node->name == "__typename") {
                data[key] = schema::display_name(*root);
                continue;
            }
            result.root_fields.push_back(canonical_name(p.definition->name));
            if (p.definition->requires_auth && !options_.authenticated) {
                data[key] = nullptr;
                auto e = error_object(std::string(invalid_session), p.node->where);
                e["path"] = json::array{json::value(key)};
                runtime_errors.push_back(std::move(e));
                continue;
            }
            auto it = resolvers_.find(canonical_name(p.definition->name));
            try {
                if (it == resolvers_.end())
                    throw resolver_error("Field \"" + p.definition->name + "\" is not implemented by the sandbox");
                const json::value raw = it->second(field_call{p.definition->name, p.arguments, options_.context});
                data[key] = project(raw, p.definition->type, *p.node);
            } catch (const resolver_error& e) {
                result.http_status = std::max(result.http_status, e.http_status());
                data[key] = nullptr;
                auto obj = error_object(e.what(), p.node->where);
                obj["path"] = json::array{json::value(key)};
                runtime_errors.push_back(std::move(obj));
            } catch (const std::exception&) {
                data[key] = nullptr;
                auto obj = error_object("Internal server error", p.node->where);
                obj["path"] = json::array{json::value(key)};
                runtime_errors.push_back(std::move(obj));
            }
        }
        result.body["data"] = std::move(data);
        if (!runtime_errors.empty()) result.body["errors"] = std::move(runtime_errors);
        return result;
    }

    execution_result fail_request(const std::string& message, location where) {
        execution_result r;
        r.http_status = options_.validation_error_status;
        r.body["errors"] = json::array{error_object(message, where)};
        return r;
    }

private:
    struct planned_field {
        const field* node;
        const field_definition* definition; // null for __typename
        json::object arguments;
    };

    void error(const std::string& message, location where) { errors_.push_back(error_object(message, where)); }

    // ---- fragments -------------------------------------------------------------------

    /// Names the fragments, and refuses names defined twice and spreads in a cycle.
    void index_fragments() {
        for (const auto& fd : doc_.fragments)
            if (!fragments_.emplace(fd.name, &fd).second)
                error("There can be only one fragment named \"" + fd.name + "\".", fd.where);
        for (const auto& cycle : find_fragment_cycles(doc_)) {
            std::string message = "Cannot spread fragment \"" + cycle.fragment + "\" within itself";
            for (std::size_t i = 0; i < cycle.via.size(); ++i)
                message += (i == 0 ? " via \"" : ", \"") + cycle.via[i] + "\"";
            error(message + ".", cycle.where);
        }
    }

    /// Counts one selection expanded during validation; false once there are too many.
    bool count_selection() {
        if (!expanding_for_validation_) return true;
        if (too_complex_) return false;
        if (++selections_expanded_ <= options_.max_selections) return true;
        too_complex_ = true;
        error("Operation is too complex: it expands to more than " + std::to_string(options_.max_selections) +
                  " selections (fields and fragments, counted each time a fragment is used).",
              {});
        return false;
    }

    // ---- variables -------------------------------------------------------------------

    const type_definition* input_type(const type_ref& t, location where) {
        const type_definition* def = schema_.find_type(t.base_name());
        if (def == nullptr) {
            error("Unknown type \"" + t.base_name() + "\".", where);
            return nullptr;
        }
        if (!is_input_type(*def)) {
            error("Type \"" + t.base_name() + "\" cannot be used as an input type.", where);
            return nullptr;
        }
        return def;
    }

    /// Coerces a JSON input value to `t`; returns an error text or nothing.
    std::optional<std::string> coerce_json(const json::value& in, const type_ref& t, json::value& out) {
        if (in.is_null()) {
            if (t.non_null) return "Expected non-null, found null.";
            out = nullptr;
            return std::nullopt;
        }
        if (t.is_list()) {
            json::array items;
            if (const auto* arr = in.if_array()) {
                for (const auto& item : *arr) {
                    json::value v;
                    if (auto e = coerce_json(item, *t.element, v)) return e;
                    items.push_back(std::move(v));
                }
            } else {
                json::value v;
                if (auto e = coerce_json(in, *t.element, v)) return e;
                items.push_back(std::move(v));
            }
            out = std::move(items);
            return std::nullopt;
        }
        const type_definition* def = schema_.find_type(t.name);
        const std::string expected = "Expected type \"" + t.to_string() + "\", found " + json::serialize(in) + ".";
        if (def == nullptr) return expected;
        const std::string& name = def->name;
        if (def->type == type_definition::kind::enumeration) {
            if (!in.is_string()) return expected;
            for (const auto& v : def->values)
                if (v == in.get_string()) {
                    out = in;
                    return std::nullopt;
                }
            return expected;
        }
        if (name == "Int") {
            if (auto i = as_int32(in)) {
                out = *i;
                return std::nullopt;
            }
            return expected;
        }
        if (name == "Float") {
            if (in.is_number()) {
                out = in.to_number<double>();
                return std::nullopt;
            }
            return expected;
        }
        if (name == "Boolean") {
            if (in.is_bool()) {
                out = in;
                return std::nullopt;
            }
            return expected;
        }
        if (name == "ID") {
            if (in.is_string()) {
                out = in;
                return std::nullopt;
            }
            if (in.is_int64() || in.is_uint64()) {
                out = json::serialize(in);
                return std::nullopt;
            }
            return expected;
        }
        // String and the custom scalars (DateTime, Decimal) travel as strings.
        if (in.is_string()) {
            out = in;
            return std::nullopt;
        }
        return expected;
    }

    static std::optional<std::int64_t> as_int32(const json::value& in) {
        constexpr auto lo = std::numeric_limits<std::int32_t>::min(), hi = std::numeric_limits<std::int32_t>::max();
        if (const auto* i = in.if_int64()) return *i >= lo && *i <= hi ? std::optional(*i) : std::nullopt;
        if (const auto* u = in.if_uint64())
            return *u <= static_cast<std::uint64_t>(hi) ? std::optional<std::int64_t>(*u) : std::nullopt;
        if (const auto* d = in.if_double())
            if (std::floor(*d) == *d && *d >= lo && *d <= hi) return static_cast<std::int64_t>(*d);
        return std::nullopt;
    }

    void coerce_variables(const operation_definition& op, const json::object& given) {
        for (const auto& def : op.variables) {
            if (definitions_.count(def.name) != 0) {
                error("There can be only one variable named \"" + def.name + "\".", def.where);
                continue;
            }
            definitions_[def.name] = &def;
            if (input_type(def.type, def.where) == nullptr) continue;
            const json::value* provided = given.if_contains(def.name);
            if (provided == nullptr && def.default_value) {
                json::value v;
                if (auto e = coerce_literal(*def.default_value, def.type, v, def.name, true))
                    error("Variable \"" + def.name + "\" has an invalid default value.", def.where);
                else variables_[def.name] = std::move(v);
                continue;
            }
            if (provided == nullptr) {
                if (def.type.non_null)
                    error("Variable \"" + def.name + "\": Expected non-null, found null.", def.where);
                continue; // absent: arguments using it count as not supplied
            }
            json::value v;
            if (auto e = coerce_json(*provided, def.type, v)) error("Variable \"" + def.name + "\": " + *e, def.where);
            else variables_[def.name] = std::move(v);
        }
    }

    // ---- literals and arguments ------------------------------------------------------

    /// Named types that may flow into each other from a variable.
    bool compatible_names(const std::string& var, const std::string& arg) const {
        const type_definition* v = schema_.find_type(var);
        const type_definition* a = schema_.find_type(arg);
        if (v == nullptr || a == nullptr) return false;
        if (v->name == a->name) return true;
        auto id_like = [](const std::string& n) { return n == "ID" || n == "String" || n == "Int"; };
        return (v->name == "ID" && id_like(a->name)) || (a->name == "ID" && id_like(v->name));
    }

    bool compatible(const type_ref& var, const type_ref& arg) const {
        if (arg.is_list() != var.is_list()) return arg.is_list() && !var.is_list() && compatible(var, *arg.element);
        if (arg.is_list()) return compatible(*var.element, *arg.element);
        return compatible_names(var.name, arg.name);
    }

    /// Coerces a literal (or a variable) to `t`. Returns an error text, or nothing with
    /// `out` set; `out` stays `absent` (an invalid kind) when a variable was not supplied.
    std::optional<std::string> coerce_literal(const value& v, const type_ref& t, json::value& out,
                                              const std::string& argument_name, bool constant) {
        const std::string invalid = "Argument \"" + argument_name + "\" has invalid value " + literal_text(v) + ".";
        const std::string found_null =
            "In argument \"" + argument_name + "\": Expected type \"" + t.to_string() + "\", found null.";
        switch (v.type) {
            case value::kind::variable: {
                if (constant) return invalid;
                used_variables_.insert(v.text);
                auto def = definitions_.find(v.text);
                if (def == definitions_.end()) return "Variable \"" + v.text + "\" is not defined.";
                if (!compatible(def->second->type, t))
                    return "Variable \"" + v.text + "\" of type \"" + def->second->type.to_string() +
                        "\" found as input to argument of type \"" + t.to_string() + "\".";
                auto val = variables_.find(v.text);
                if (val == variables_.end()) { // not supplied
                    if (t.non_null) return found_null;
                    absent_ = true;
                    return std::nullopt;
                }
                if (val->second.is_null() && t.non_null) return found_null;
                out = val->second;
                if (t.is_list() && !out.is_array() && !out.is_null()) out = json::array{out};
                return std::nullopt;
            }
            case value::kind::null:
                if (t.non_null) return found_null;
                out = nullptr;
                return std::nullopt;
            case value::kind::list: {
                if (!t.is_list()) return invalid;
                json::array items;
                for (const auto& item : v.items) {
                    json::value x;
                    if (auto e = coerce_literal(item, *t.element, x, argument_name, constant)) return e;
                    items.push_back(std::move(x));
                }
                out = std::move(items);
                return std::nullopt;
            }
            default: break;
        }
        if (t.is_list()) { // a single value where a list is expected: a list of one
            json::value x;
            if (auto e = coerce_literal(v, *t.element, x, argument_name, constant)) return e;
            out = json::array{std::move(x)};
            return std::nullopt;
        }
        const type_definition* def = schema_.find_type(t.name);
        if (def == nullptr) return invalid;
        const std::string& name = def->name;
        if (def->type == type_definition::kind::enumeration) {
            if (v.type != value::kind::enumeration) return invalid;
            for (const auto& e : def->values)
                if (e == v.text) {
                    out = v.text;
                    return std::nullopt;
                }
            return invalid;
        }
        switch (v.type) {
            case value::kind::integer:
                if (name == "Int") {
                    if (v.integer < std::numeric_limits<std::int32_t>::min() ||
                        v.integer > std::numeric_limits<std::int32_t>::max())
                        return invalid;
                    out = v.integer;
                    return std::nullopt;
                }
                if (name == "Float") {
                    out = static_cast<double>(v.integer);
                    return std::nullopt;
                }
                if (name == "ID") {
                    out = v.text;
                    return std::nullopt;
                }
                return invalid;
            case value::kind::floating:
                if (name == "Float") {
                    out = v.floating;
                    return std::nullopt;
                }
                return invalid;
            case value::kind::string:
                if (name == "Int" || name == "Float" || name == "Boolean") return invalid;
                out = v.text; // String, ID and the custom scalars
                return std::nullopt;
            case value::kind::boolean:
                if (name != "Boolean") return invalid;
                out = v.boolean;
                return std::nullopt;
            default: return invalid;
        }
    }

    json::object coerce_arguments(const field_definition& def, const field& node, const type_definition& parent) {
        json::object args;
        std::set<std::string> seen;
        for (const auto& a : node.arguments) {
            const input_value_definition* ad = def.find_argument(a.name);
            if (ad == nullptr) {
                error("Unknown argument \"" + a.name + "\" on field \"" + node.name + "\" of type \"" +
                          schema::display_name(parent) + "\".",
                      a.where);
                continue;
            }
            if (!seen.insert(ad->name).second) {
                error("There can be only one argument named \"" + a.name + "\".", a.where);
                continue;
            }
            json::value v;
            absent_ = false;
            if (auto e = coerce_literal(a.val, ad->type, v, a.name, false)) error(*e, a.val.where);
            else if (!absent_) args[ad->name] = std::move(v);
        }
        for (const auto& ad : def.arguments) {
            if (args.contains(ad.name) || seen.count(ad.name) != 0) continue;
            if (ad.default_value) {
                json::value v;
                if (!coerce_literal(*ad.default_value, ad.type, v, ad.name, true)) args[ad.name] = std::move(v);
            } else if (ad.type.non_null) {
                error("In argument \"" + ad.name + "\": Expected type \"" + ad.type.to_string() + "\", found null.",
                      node.where);
            }
        }
        return args;
    }

    // ---- selections ------------------------------------------------------------------

    bool included(const std::vector<directive>& directives) {
        for (const auto& d : directives) {
            if (d.name != "skip" && d.name != "include") continue;
            bool condition = false;
            for (const auto& a : d.arguments) {
                if (a.name != "if") continue;
                json::value v;
                type_ref boolean{"Boolean", nullptr, true};
                if (auto e = coerce_literal(a.val, boolean, v, "if", false)) error(*e, a.where);
                else condition = v.is_bool() && v.get_bool();
            }
            if ((d.name == "skip") == condition) return false;
        }
        return true;
    }

    /// The fields of `selections` that apply to `type`, fragments expanded.
    void collect(const type_definition& type, const std::vector<selection>& selections, std::vector<const field*>& out,
                 int depth) {
        if (depth > max_nesting) {
            error("Fragments are nested too deeply.", {});
            return;
        }
        for (const auto& s : selections) {
            if (!count_selection()) return;
            if (const auto* f = std::get_if<field>(&s.node)) {
                if (included(f->directives)) out.push_back(f);
            } else if (const auto* spread = std::get_if<fragment_spread>(&s.node)) {
                if (!included(spread->directives)) continue;
                const auto found = fragments_.find(spread->name);
                if (found == fragments_.end()) {
                    error("Unknown fragment \"" + spread->name + "\".", spread->where);
                    continue;
                }
                const fragment_definition* frag = found->second;
                if (schema_.find_type(frag->type_condition) == nullptr) {
                    error("Unknown type \"" + frag->type_condition + "\".", frag->where);
                    continue;
                }
                if (applies(frag->type_condition, type)) collect(type, frag->selections, out, depth + 1);
            } else {
                const auto& inl = std::get<inline_fragment>(s.node);
                if (!included(inl.directives)) continue;
                if (!inl.type_condition.empty() && schema_.find_type(inl.type_condition) == nullptr) {
                    error("Unknown type \"" + inl.type_condition + "\".", inl.where);
                    continue;
                }
                if (inl.type_condition.empty() || applies(inl.type_condition, type))
                    collect(type, inl.selections, out, depth + 1);
            }
        }
    }

    static bool applies(const std::string& condition, const type_definition& type) {
        return condition == type.name || condition == schema::display_name(type);
    }

    /// Validates a field's sub-selection against its type; returns the field's definition.
    const field_definition* validate_field(const type_definition& parent, const field& node, int depth) {
        if (node.name == "__typename") {
            if (node.has_selection_set)
                error("Field \"__typename\" must not have a selection since type \"String\" has no subfields.",
                      node.where);
            return nullptr;
        }
        const field_definition* def = parent.find_field(node.name);
        if (def == nullptr) {
            error("Cannot query field \"" + node.name + "\" on type \"" + schema::display_name(parent) + "\".",
                  node.where);
            return nullptr;
        }
        const type_definition* type = schema_.find_type(def->type.base_name());
        const bool is_object = type != nullptr && type->type == type_definition::kind::object;
        if (is_object && !node.has_selection_set) {
            error("Field \"" + node.name + "\" of type \"" + def->type.to_string() +
                      "\" must have a selection of subfields. Did you mean \"" + node.name + " { ... }\"?",
                  node.where);
        } else if (!is_object && node.has_selection_set) {
            error("Field \"" + node.name + "\" must not have a selection since type \"" + def->type.to_string() +
                      "\" has no subfields.",
                  node.where);
        } else if (is_object) {
            std::vector<const field*> children;
            collect(*type, node.selections, children, depth + 1);
            for (const auto* c : children) {
                if (too_complex_) break;
                if (depth > max_nesting) {
                    error("Query nested too deeply.", c->where);
                    break;
                }
                validate_field(*type, *c, depth + 1);
                if (const auto* cd = type->find_field(c->name)) coerce_arguments(*cd, *c, *type);
            }
        }
        return def;
    }

    std::vector<planned_field> plan_root(const type_definition& root, const std::vector<selection>& selections) {
        std::vector<const field*> fields;
        collect(root, selections, fields, 0);
        std::vector<planned_field> plan;
        std::set<std::string> keys;
        for (const auto* f : fields) {
            if (too_complex_) break;
            const field_definition* def = validate_field(root, *f, 0);
            json::object args;
            if (def != nullptr) args = coerce_arguments(*def, *f, root);
            if (keys.insert(f->response_key()).second) plan.push_back({f, def, std::move(args)});
        }
        return plan;
    }

    // ---- output ----------------------------------------------------------------------

    static const json::value* member(const json::object& obj, const std::string& schema_name) {
        if (const auto* v = obj.if_contains(schema_name)) return v;
        const std::string key = canonical_name(schema_name);
        for (const auto& kv : obj)
            if (canonical_name(kv.key()) == key) return &kv.value();
        return nullptr;
    }

    json::value project(const json::value& v, const type_ref& t, const field& node) {
        if (v.is_null()) return nullptr;
        if (t.is_list()) {
            if (!v.is_array()) return project(v, *t.element, node);
            json::array out;
            for (const auto& item : v.get_array()) out.push_back(project(item, *t.element, node));
            return out;
        }
        const type_definition* type = schema_.find_type(t.name);
        if (type == nullptr || type->type != type_definition::kind::object) return v;
        const auto* obj = v.if_object();
        if (obj == nullptr) return nullptr;
        std::vector<const field*> children;
        collect(*type, node.selections, children, 0);
        json::object out;
        for (const auto* c : children) {
            const std::string& key = c->response_key();
            if (out.contains(key)) continue;
            if (c->name == "__typename") {
                out[key] = type->name;
                continue;
            }
            const field_definition* def = type->find_field(c->name);
            const json::value* m = def != nullptr ? member(*obj, def->name) : nullptr;
            out[key] = m == nullptr ? json::value(nullptr) : project(*m, def->type, *c);
        }
        return out;
    }

    const schema& schema_;
    const std::map<std::string, resolver, std::less<>>& resolvers_;
    const document& doc_;
    const execution_options& options_;
    std::map<std::string, const variable_definition*> definitions_;
    std::map<std::string, json::value> variables_;
    std::set<std::string> used_variables_;
    std::map<std::string_view, const fragment_definition*, std::less<>> fragments_;
    json::array errors_;
    bool absent_ = false;
    bool expanding_for_validation_ = true; ///< count_selection counts (not while projecting the answer)
    std::size_t selections_expanded_ = 0;
    bool too_complex_ = false;
};

} // namespace

executor::executor(schema s) : schema_(std::move(s)) {}

void executor::resolve(std::string_view root_field, resolver r) {
    const std::string key = canonical_name(root_field);
    const bool known = (schema_.query() && schema_.query()->find_field(key)) ||
        (schema_.mutation() && schema_.mutation()->find_field(key));
    if (!known) throw std::invalid_argument("executor: no root field " + std::string(root_field) + " in the schema");
    resolvers_[key] = std::move(r);
}

execution_result executor::execute(std::string_view http_body, const execution_options& options) const {
    auto request_error = [&](const std::string& message, location where = {}) {
        execution_result r;
        r.http_status = options.validation_error_status;
        r.body["errors"] = json::array{error_object(message, where)};
        return r;
    };
    boost::system::error_code ec;
    const json::value body = json::parse(http_body, ec);
    const json::object* envelope = ec ? nullptr : body.if_object();
    const json::value* query = envelope ? envelope->if_contains("query") : nullptr;
    if (query == nullptr || !query->is_string()) return request_error("No query document supplied");
    if (query->get_string().size() > (1u << 20)) return request_error("Query document too large");

    json::object variables;
    if (const auto* v = envelope->if_contains("variables"); v != nullptr && !v->is_null()) {
        if (!v->is_object()) return request_error("Variables must be a JSON object");
        variables = v->get_object();
    }
    std::string operation_name;
    if (const auto* n = envelope->if_contains("operationName"); n != nullptr && n->is_string())
        operation_name = n->get_string();

    document doc;
    try {
        doc = parse_document(std::string_view(query->get_string()));
    } catch (const syntax_error& e) {
        return request_error(e.what(), e.where());
    }
    const operation_definition* op = nullptr;
    if (operation_name.empty()) {
        if (doc.operations.size() != 1)
            return request_error(doc.operations.empty()
                                     ? "The document has no operation"
                                     : "Must provide operation name if query contains multiple operations.");
        op = &doc.operations.front();
    } else {
        for (const auto& o : doc.operations)
            if (o.name == operation_name) op = &o;
        if (op == nullptr) return request_error("Unknown operation named \"" + operation_name + "\".");
    }
    return run{schema_, resolvers_, doc, options}.execute(*op, variables);
}

} // namespace numerapi::sandbox::graphql
