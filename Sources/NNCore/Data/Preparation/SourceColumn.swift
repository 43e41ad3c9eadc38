/// One column of the data as it was read, before any preparation: a network never sees it
/// directly, the fitted `Preparation` turns a row of them into features.
public struct SourceColumn: Sendable, Equatable, Codable {
  /// The column's name in the file (or the feature's name for generated data).
  public var name: String
  /// A text column's values, by code: a sample holds the code of its text, NaN when missing.
  /// Nil for a column of numbers.
  public var levels: [String]?

  /// A column of numbers, or of text with these levels.
  public init(name: String, levels: [String]? = nil) {
    self.name = name
    self.levels = levels
  }

  /// Whether the column holds text.
  public var isText: Bool { levels != nil }
}

/// A column that names samples rather than describes them (a house's id): kept beside the
/// samples, out of the features, so that predictions can be written with it.
public struct IdColumn: Sendable, Equatable {
  /// The column's name in the file.
  public var name: String
  /// One value per sample, as the file wrote it.
  public var values: [String]

  /// The id column `name` with one value per sample.
  public init(name: String, values: [String]) {
    self.name = name
    self.values = values
  }
}
