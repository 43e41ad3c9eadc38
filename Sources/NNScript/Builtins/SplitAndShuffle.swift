import NNCore

/// `split` and `shuffle` take a string or list as readily as a dataset: one name each for
/// one idea, whatever the value.
extension Builtins {
  static let polymorphic: [Builtin] = [
    Builtin(
      "split", "x part? validation?",
      "split(data, 0.8) or split(data, 0.7, 0.15): training, validation (and test) parts, stratified; split(text, sep): the pieces of a string"
    ) { args in
      switch try args.value(0) {
      case .string(let s):
        guard args[2] == nil else { throw args.failure("a string splits by one separator", at: 2) }
        guard args[1] != nil else {
          return .list(s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) })
        }
        let separator = try args.string(1)
        guard !separator.isEmpty else { throw args.failure("the separator must not be empty", at: 1) }
        return .list(s.components(separatedBy: separator).map { .string($0) })
      case .dataset(let dataset):
        guard args[1] != nil else {
          throw ScriptFailure("split(data, TRAIN) needs the training fraction", label: "expected split(data, 0.8)")
        }
        let train = try args.number(1)
        let validation = args[2] == nil ? nil : try args.number(2)
        return .dataset(
          try args.data(at: 1) {
            try dataset.dataset.split(train: train, validation: validation, using: &args.interpreter.random)
          })
      case let other:
        throw args.failure("split takes a dataset or a string, found \(other.typeName)", at: 0)
      }
    },
    Builtin(
      "shuffle", "x seed?", "the elements (or a dataset's rows) in a random order, from the seed or the session's"
    ) { args in
      var seeded = args[1] == nil ? nil : SeededGenerator(seed: UInt64(try args.integer(1, atLeast: 0)))
      func shuffle<T>(_ work: (inout SeededGenerator) throws -> T) rethrows -> T {
        if seeded != nil { return try work(&seeded!) }
        return try work(&args.interpreter.random)
      }
      switch try args.value(0) {
      case .list(let items): return .list(shuffle { items.shuffled(using: &$0) })
      case .dataset(let data): return .dataset(shuffle { data.dataset.shuffled(using: &$0) })
      case let other: throw args.failure("shuffle takes a list or a dataset, found \(other.typeName)", at: 0)
      }
    },
  ]
}
