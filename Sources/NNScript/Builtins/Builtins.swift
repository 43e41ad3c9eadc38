/// Every builtin function, in one list: the interpreter defines them, the checker knows
/// their signatures, help and completion list them.
enum Builtins {
  static let all: [Builtin] =
    core + math + text + collections + data + sequences + polymorphic + training + search + modelFiles + shape

  static func named(_ name: String) -> Builtin? { all.first { $0.name == name } }
}
