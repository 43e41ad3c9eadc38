import NNCore

/// How the value of an option is read and checked: the type it must have and the setting it
/// becomes. Each mistake points at the option's value and names the option.
struct OptionKind<T: Sendable>: Sendable {
  /// What the value must be, in a phrase for help: `a whole number ≥ 1`.
  let type: String
  /// The words completion offers for the value, when the type has a fixed few.
  var words: [String] = []
  /// Reads the value against the data the run trains on, so that a literal cannot be judged
  /// before the script runs.
  var needsData = false
  let read: @Sendable (OptionInput) throws -> T
}

/// An option's value as it was given, with where it was written.
struct OptionInput {
  let name: String
  let value: Value
  let range: SourceRange
  /// The data the run trains on, which class weights are counted against; nil where an
  /// option is read outside a run (`search`'s own controls).
  var dataset: Dataset? = nil
}

extension OptionKind where T == Bool {
  static let bool = OptionKind(type: "true or false", words: ["true", "false"]) { input in
    guard case .bool(let b) = input.value else {
      throw Diagnostic(error: "\(input.name): expects true or false, found \(input.value.typeName)", at: input.range)
    }
    return b
  }
}
