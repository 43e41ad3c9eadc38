/// A dense row-major Float32 matrix: the features of a dataset, a batch, a layer's weights.
public struct Matrix: Equatable, Sendable {
  /// The number of rows; `appendRow` adds to it.
  public private(set) var rows: Int
  /// The number of columns.
  public let columns: Int
  /// The elements row after row: element (r, c) is at r·columns + c.
  public var values: [Float]

  /// A matrix of `values` in row-major order; traps unless there are rows·columns of them.
  public init(rows: Int, columns: Int, values: [Float]) {
    precondition(values.count == rows * columns, "a \(rows)×\(columns) matrix needs \(rows * columns) values")
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// A matrix whose every element is `value`.
  public init(rows: Int, columns: Int, repeating value: Float = 0) {
    self.init(rows: rows, columns: columns, values: [Float](repeating: value, count: rows * columns))
  }

  /// The element at `row` and `column`, both from 0.
  public subscript(row: Int, column: Int) -> Float {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  /// Row `r` as a slice of `values`: its indices start at r·columns, not at 0.
  public func row(_ r: Int) -> ArraySlice<Float> { values[r * columns..<(r + 1) * columns] }

  /// The rows at `indices`, in that order.
  public func rows(_ indices: [Int]) -> Matrix {
    var out = [Float]()
    out.reserveCapacity(indices.count * columns)
    for i in indices { out.append(contentsOf: row(i)) }
    return Matrix(rows: indices.count, columns: columns, values: out)
  }

  /// Adds `row` at the bottom; traps unless it has `columns` values.
  public mutating func appendRow(_ row: some Collection<Float>) {
    precondition(row.count == columns)
    values.append(contentsOf: row)
    rows += 1
  }
}
