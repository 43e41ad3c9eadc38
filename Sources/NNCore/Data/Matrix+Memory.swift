extension Matrix {
  /// Throws when `copies` matrices of `rows` × `columns` would not fit the machine's available
  /// memory: features are sized before they are allocated, so a dataset too large to hold is an
  /// error rather than an allocation that takes the process down.
  public static func checkMemory(rows: Int, columns: Int, copies: Int = 1) throws {
    let bytes = Double(rows) * Double(columns) * Double(copies * MemoryLayout<Float>.size)
    let budget = MemoryBudget.machine()
    guard bytes > Double(budget.bytes) else { return }
    throw DataError(
      "\(rows) rows of \(columns) features would take about \(MemoryBudget.describe(bytes)), \(budget.phrase)",
      hint: "use fewer rows or features")
  }
}
