#include "sandbox/graphql/fragment_cycles.hpp"

#include <map>
#include <string_view>

namespace numerapi::sandbox::graphql {
namespace {

struct spread_edge {
    std::size_t target; ///< index into document::fragments
    location where;
};

/// The spreads anywhere in `selections` (inside fields and inline fragments too). The
/// parser bounds the nesting, so the recursion is bounded.
void add_spreads(const std::vector<selection>& selections,
                 const std::map<std::string_view, std::size_t, std::less<>>& index, std::vector<spread_edge>& out) {
    for (const auto& s : selections) {
        if (const auto* f = std::get_if<field>(&s.node)) {
            add_spreads(f->selections, index, out);
        } else if (const auto* spread = std::get_if<fragment_spread>(&s.node)) {
            if (auto it = index.find(spread->name); it != index.end()) out.push_back({it->second, spread->where});
        } else {
            add_spreads(std::get<inline_fragment>(s.node).selections, index, out);
        }
    }
}

} // namespace

std::vector<fragment_cycle> find_fragment_cycles(const document& doc) {
    const auto& fragments = doc.fragments;
    std::map<std::string_view, std::size_t, std::less<>> index;
    for (std::size_t i = 0; i < fragments.size(); ++i) index.emplace(fragments[i].name, i);
    std::vector<std::vector<spread_edge>> edges(fragments.size());
    for (std::size_t i = 0; i < fragments.size(); ++i) add_spreads(fragments[i].selections, index, edges[i]);

    // Depth-first, with an explicit stack: a chain of thousands of fragments must not
    // exhaust the thread's stack. A spread of a fragment on the current path closes a cycle.
    enum class mark { unvisited, on_path, done };
    std::vector<mark> marks(fragments.size(), mark::unvisited);
    struct frame {
        std::size_t fragment;
        std::size_t next_edge = 0;
    };
    std::vector<frame> path;
    std::vector<fragment_cycle> cycles;
    for (std::size_t root = 0; root < fragments.size(); ++root) {
        if (marks[root] != mark::unvisited) continue;
        marks[root] = mark::on_path;
        path.push_back({root});
        while (!path.empty()) {
            frame& top = path.back();
            if (top.next_edge == edges[top.fragment].size()) {
                marks[top.fragment] = mark::done;
                path.pop_back();
                continue;
            }
            const spread_edge edge = edges[top.fragment][top.next_edge++];
            if (marks[edge.target] == mark::on_path) {
                fragment_cycle cycle{fragments[edge.target].name, {}, edge.where};
                std::size_t start = path.size();
                while (path[start - 1].fragment != edge.target) --start;
                for (std::size_t i = start; i < path.size(); ++i) cycle.via.push_back(fragments[path[i].fragment].name);
                cycles.push_back(std::move(cycle));
            } else if (marks[edge.target] == mark::unvisited) {
                marks[edge.target] = mark::on_path;
                path.push_back({edge.target});
            }
        }
    }
    return cycles;
}

} // namespace numerapi::sandbox::graphql
