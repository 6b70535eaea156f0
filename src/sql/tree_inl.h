#ifndef RUNWARDEN_SQL_TREE_INL_H_
#define RUNWARDEN_SQL_TREE_INL_H_

#include <vector>

namespace runwarden::sql {

template <typename F>
void VisitAll(Node node, F&& visit) {
  std::vector<Node> stack;
  stack.push_back(node);
  while (!stack.empty()) {
    Node n = stack.back();
    stack.pop_back();
    visit(n);
    const size_t count = n.size();
    for (size_t i = count; i > 0; --i) stack.push_back(n.at(i - 1));
  }
}

}  // namespace runwarden::sql

#endif  // RUNWARDEN_SQL_TREE_INL_H_
