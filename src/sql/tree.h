#ifndef RUNWARDEN_SQL_TREE_H_
#define RUNWARDEN_SQL_TREE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runwarden::sql {

class Tree;

/// A read-only view of one node of a parse tree (libpg_query's JSON form).
/// A Node is two words and is passed by value; it stays valid while the Tree
/// that produced it lives. Looking up a missing key gives a "missing" node
/// whose accessors return the type's zero value, because libpg_query omits
/// fields that are at their default (false, 0, empty).
class Node {
 public:
  enum class Kind : uint8_t { kMissing, kNull, kBool, kInt, kFloat, kString, kArray, kObject };

  Node() = default;

  Kind kind() const;
  bool present() const { return tree_ != nullptr; }
  explicit operator bool() const { return present(); }
  bool is_object() const { return kind() == Kind::kObject; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_string() const { return kind() == Kind::kString; }

  /// Member `key` of an object; missing when absent or not an object.
  Node operator[](std::string_view key) const;
  /// Element `i` of an array, or the value of member `i` of an object.
  Node at(size_t i) const;
  /// Number of array elements or object members; 0 for scalars.
  size_t size() const;
  /// Key of member `i` of an object.
  std::string_view key(size_t i) const;

  std::string_view str() const;
  int64_t integer() const;
  double number() const;
  bool boolean() const;

  /// libpg_query wraps every generic node as a one-member object such as
  /// {"RangeVar": {...}}. `tag()` is that member's key ("" otherwise) and
  /// `unwrap()` its value (missing otherwise).
  std::string_view tag() const;
  Node unwrap() const;
  /// Shorthand for `tag() == name ? unwrap() : Node()`.
  Node As(std::string_view name) const;

  /// Identifies the node: two nodes of the same tree with equal `id()` are
  /// the same node.
  uint32_t id() const { return index_; }
  const Tree* owner() const { return tree_; }

  /// Iterates the elements of an array (or member values of an object).
  class Iterator {
   public:
    Iterator(const Tree* tree, const uint32_t* pos) : tree_(tree), pos_(pos) {}
    Node operator*() const { return Node(tree_, *pos_); }
    Iterator& operator++() {
      pos_ += 2;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return pos_ != o.pos_; }

   private:
    const Tree* tree_;
    const uint32_t* pos_;
  };
  Iterator begin() const;
  Iterator end() const;

 private:
  friend class Tree;
  Node(const Tree* tree, uint32_t index) : tree_(tree), index_(index) {}

  const Tree* tree_ = nullptr;
  uint32_t index_ = 0;
};

/// An immutable JSON document parsed into a compact arena. Built for the JSON
/// that libpg_query emits: small objects, few escapes, integer numbers.
class Tree {
 public:
  /// Parses `json`, taking ownership of the text. Returns nullptr and sets
  /// `error` when the text is not valid JSON.
  static std::unique_ptr<Tree> Parse(std::string json, std::string* error);

  Node root() const { return Node(this, 0); }

 private:
  friend class Node;
  struct Slot {
    Node::Kind kind;
    /// Containers: index of the first child in children_; strings: where
    /// the (unescaped) text starts in json_.
    uint32_t first;
    /// Containers: number of children; strings: length of the text.
    uint32_t count;
    union {
      int64_t integer;  ///< kInt, kBool
      double number;    ///< kFloat
    };
  };
  Tree() = default;
  bool Build(std::string* error);
  std::string_view Text(uint32_t begin, uint32_t size) const {
    return std::string_view(json_).substr(begin, size);
  }

  std::string json_;
  std::vector<Slot> slots_;
  /// Children of all containers, two words each: [slot index, key index].
  /// A container's children are contiguous; Iterator steps by two.
  std::vector<uint32_t> children_;
  std::vector<uint64_t> keys_;  ///< key_begin << 32 | key_size per key index
};

/// Text of every `String` node in a libpg_query name list such as
/// `funcname` or `name`: [{"String":{"sval":"pg_catalog"}}, ...].
std::vector<std::string_view> NameList(Node list);

/// A libpg_query A_Const's string value (`sval.sval`), or nullopt.
std::optional<std::string_view> ConstString(Node a_const_or_wrapped);

/// Calls `visit(node)` for every node below and including `node`, depth
/// first, objects and arrays alike. Iterative: deep trees cannot overflow the
/// stack.
template <typename F>
void VisitAll(Node node, F&& visit);

}  // namespace runwarden::sql

#include "sql/tree_inl.h"

#endif  // RUNWARDEN_SQL_TREE_H_
