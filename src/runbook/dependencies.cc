// Cycles are the strongly connected components of the needs graph (Tarjan's
// algorithm, written iteratively so a long chain of steps cannot overflow the
// stack).
#include "runbook/dependencies.h"

#include <algorithm>
#include <map>

namespace runwarden::runbook {

std::vector<std::vector<size_t>> NeedsGraph(const Runbook& rb) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < rb.steps.size(); ++i) index.emplace(rb.steps[i].id, i);
  std::vector<std::vector<size_t>> graph(rb.steps.size());
  for (size_t i = 0; i < rb.steps.size(); ++i) {
    for (const StepRef& ref : rb.steps[i].attrs.needs) {
      auto it = index.find(ref.id);
      if (it != index.end()) graph[i].push_back(it->second);
    }
  }
  return graph;
}

std::vector<std::vector<size_t>> FindDependencyCycles(const Runbook& rb) {
  const std::vector<std::vector<size_t>> graph = NeedsGraph(rb);
  const size_t n = graph.size();
  constexpr size_t kUnvisited = static_cast<size_t>(-1);
  std::vector<size_t> order(n, kUnvisited), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  std::vector<std::vector<size_t>> cycles;
  size_t counter = 0;

  struct Frame {
    size_t node;
    size_t next_edge;
  };
  for (size_t root = 0; root < n; ++root) {
    if (order[root] != kUnvisited) continue;
    std::vector<Frame> frames{{root, 0}};
    order[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!frames.empty()) {
      Frame& f = frames.back();
      if (f.next_edge < graph[f.node].size()) {
        const size_t to = graph[f.node][f.next_edge++];
        if (order[to] == kUnvisited) {
          order[to] = low[to] = counter++;
          stack.push_back(to);
          on_stack[to] = true;
          frames.push_back({to, 0});
        } else if (on_stack[to]) {
          low[f.node] = std::min(low[f.node], order[to]);
        }
        continue;
      }
      const size_t node = f.node;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[node]);
      if (low[node] != order[node]) continue;
      std::vector<size_t> component;
      size_t member;
      do {
        member = stack.back();
        stack.pop_back();
        on_stack[member] = false;
        component.push_back(member);
      } while (member != node);
      const bool self_loop =
          std::find(graph[node].begin(), graph[node].end(), node) != graph[node].end();
      if (component.size() > 1 || self_loop) {
        std::sort(component.begin(), component.end());
        cycles.push_back(std::move(component));
      }
    }
  }
  std::sort(cycles.begin(), cycles.end());
  return cycles;
}

}  // namespace runwarden::runbook
