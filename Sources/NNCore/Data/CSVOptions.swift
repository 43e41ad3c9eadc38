/// How `CSVReader` turns a CSV file into a dataset.
public struct CSVOptions: Sendable {
  /// What to do with missing values (empty, `NA`, `NaN`, `?`).
  public enum Missing: String, Sendable, CaseIterable {
    /// Stop with an error naming the first missing cell.
    case error
    /// Fill a numeric feature with its column's mean (a text feature with its commonest value).
    case mean
    /// Fill a numeric feature with its column's median (a text feature with its commonest value).
    case median
    /// Drop every row with a missing value.
    case drop
  }

  /// How the file's bytes are text. UTF-16 with its byte-order mark is read whatever this says.
  public enum Encoding: String, Sendable, CaseIterable {
    /// UTF-8, ASCII among it; a byte that is not is an error naming it.
    case utf8
    /// ISO 8859-1: every byte is a character, as older spreadsheets on Windows write.
    case latin1
  }

  /// The byte between fields (`;`, a tab); when nil, found from the first lines among `,` `;`
  /// tab `|`, a comma when none fits.
  public var separator: UInt8?
  /// The target column; the last column when nil.
  public var target: String?
  /// Treat a numeric target as classes (true) or values (false); nil decides from the data:
  /// whole numbers with few distinct values are classes.
  public var classify: Bool?
  /// What to do with missing values; an error unless set.
  public var missing: Missing
  /// The most distinct values a text feature column may hold before it is refused rather than
  /// one-hot encoded into as many features.
  public var maxCategories: Int
  /// How the bytes are text: UTF-8 unless set.
  public var encoding: Encoding
  /// Columns that name the samples rather than describe them: kept as written, out of the
  /// features, so that predictions can be written beside them. Nil: a text column with a
  /// different value in every row is taken for one; given (even empty), exactly these.
  public var ids: [String]? = nil

  /// The id columns named, none when they are to be found.
  var namedIds: [String] { ids ?? [] }

  /// Options; unless given, the separator found from the file, the target in the last column,
  /// classes or values decided from the data, an error at the first missing value, at most
  /// 1,000 distinct values in a text feature column, and UTF-8.
  public init(
    separator: UInt8? = nil, target: String? = nil, classify: Bool? = nil, missing: Missing = .error,
    maxCategories: Int = 1_000, encoding: Encoding = .utf8
  ) {
    self.separator = separator
    self.target = target
    self.classify = classify
    self.missing = missing
    self.maxCategories = maxCategories
    self.encoding = encoding
  }
}
