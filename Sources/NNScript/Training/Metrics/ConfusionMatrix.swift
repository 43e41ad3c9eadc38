/// How many samples of each true class (rows) were predicted as each class (columns): what
/// `eval` gives as `confusion`. Scripts read it as a record of records,
/// `e.confusion.versicolor.virginica` (versicolor samples taken for virginica), and `print`
/// shows it as a table.
///
///     _ = engine.run(SourceFile(name: "host", text: "e = eval\nconfusion = e.confusion"))
///     if let confusion = ConfusionMatrix(engine[variable: "confusion"]) {
///       print(confusion.counts[1][2], "of", confusion.support(1), confusion.classes[1], "taken for", confusion.classes[2])
///     }
public struct ConfusionMatrix: Sendable, Equatable {
  /// The class names by class index: the labels of the rows and of the columns.
  public let classes: [String]
  /// `counts[t][p]`: the samples of true class `t` predicted as class `p`.
  public let counts: [[Int]]

  /// A matrix of `counts`, one row and one column per class of `classes`.
  public init(classes: [String], counts: [[Int]]) {
    precondition(counts.count == classes.count && counts.allSatisfy { $0.count == classes.count })
    self.classes = classes
    self.counts = counts
  }

  /// Counts `truth[i]` against `predicted[i]`, both class indices into `classes`.
  init(classes: [String], truth: [Int], predicted: [Int]) {
    var counts = Array(repeating: Array(repeating: 0, count: classes.count), count: classes.count)
    for (t, p) in zip(truth, predicted) { counts[t][p] += 1 }
    self.init(classes: classes, counts: counts)
  }

  /// The samples counted.
  public var total: Int { counts.joined().reduce(0, +) }
  /// The samples predicted as their own class: the diagonal.
  public var correct: Int { classes.indices.reduce(0) { $0 + counts[$1][$1] } }
  /// The samples whose true class is `c`: its row.
  public func support(_ c: Int) -> Int { counts[c].reduce(0, +) }
  /// The samples predicted as class `c`: its column.
  public func predictedCount(_ c: Int) -> Int { counts.reduce(0) { $0 + $1[c] } }
}

extension ConfusionMatrix {
  /// The record scripts read, a row per true class holding a count per predicted class,
  /// marked so that `print` draws it as a table.
  var value: Value {
    var record = Record(
      zip(classes, counts).map { name, row in
        (name, .record(Record(zip(classes, row).map { ($0, .number(Double($1))) })))
      })
    record.layout = .confusion
    return .record(record)
  }

  /// The matrix a record of `value`'s shape holds, as `eval` gives it: one field per class,
  /// each a record of whole counts under the same class names. Nil for any other value, a
  /// record a script has changed out of that shape among them.
  public init?(_ value: Value?) {
    guard case .record(let record)? = value, record.count > 0 else { return nil }
    var counts: [[Int]] = []
    for (_, row) in record.fields {
      guard case .record(let cells) = row, cells.keys == record.keys else { return nil }
      let numbers = cells.fields.compactMap { field -> Int? in
        guard case .number(let n) = field.value, n >= 0, n == n.rounded(), n < 1e15 else { return nil }
        return Int(n)
      }
      guard numbers.count == cells.count else { return nil }
      counts.append(numbers)
    }
    self.init(classes: record.keys, counts: counts)
  }

  /// Rows are true classes and columns predicted ones, each labelled with its class name:
  ///
  ///     true \ predicted  setosa  versicolor  virginica
  ///     setosa                10           0          0
  ///     versicolor             0           9          1
  var table: String {
    let corner = "true \\ predicted"
    let labelWidth = max(corner.count, classes.map(\.count).max() ?? 0)
    let widths = classes.indices.map { c in
      max(classes[c].count, counts.map { String($0[c]).count }.max() ?? 1)
    }
    func line(_ label: String, _ cells: [String]) -> String {
      let padded = zip(cells, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }
      return ([label + String(repeating: " ", count: labelWidth - label.count)] + padded).joined(separator: "  ")
    }
    var lines = [line(corner, classes)]
    for (name, row) in zip(classes, counts) { lines.append(line(name, row.map(String.init))) }
    return lines.joined(separator: "\n")
  }
}
