/// How a window meets the edges of its input.
public enum Padding: String, Sendable, Hashable, CustomStringConvertible {
  /// No padding: the window stays inside, so each dimension shrinks to ⌊(n − k) / s⌋ + 1.
  case valid
  /// Zeros around the input so each dimension becomes ⌈n / s⌉, split as TensorFlow and
  /// PyTorch do (the odd one after).
  case same

  /// `valid` or `same`, as nnscript writes it.
  public var description: String { rawValue }
}
