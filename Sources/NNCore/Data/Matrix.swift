/// A dense row-major Float32 matrix: the features of a dataset, a batch, a layer's weights.
public struct Matrix: Equatable, Sendable {
  public private(set) var rows: Int
  public let columns: Int
  public var values: [Float]

  public init(rows: Int, columns: Int, values: [Float]) {
    precondition(values.count == rows * columns, "a \(rows)×\(columns) matrix needs \(rows * columns) values")
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  public init(rows: Int, columns: Int, repeating value: Float = 0) {
    self.init(rows: rows, columns: columns, values: [Float](repeating: value, count: rows * columns))
  }

  public subscript(row: Int, column: Int) -> Float {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  public func row(_ r: Int) -> ArraySlice<Float> { values[r * columns..<(r + 1) * columns] }

  /// The rows at `indices`, in that order.
  public func rows(_ indices: [Int]) -> Matrix {
    var out = [Float]()
    out.reserveCapacity(indices.count * columns)
    for i in indices { out.append(contentsOf: row(i)) }
    return Matrix(rows: indices.count, columns: columns, values: out)
  }

  public mutating func appendRow(_ row: some Collection<Float>) {
    precondition(row.count == columns)
    values.append(contentsOf: row)
    rows += 1
  }
}
