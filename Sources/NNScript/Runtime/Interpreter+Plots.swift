import NNCore

/// `plot WHAT… to: PATH` and `report PATH`.
extension Interpreter {
  func plot(
    _ what: [(Value, SourceRange)], options: [String: (value: Value, range: SourceRange)], at range: SourceRange
  ) throws -> Value {
    throw error("'plot' is not available yet in this build of nnscript", at: range)
  }

  func writeReport(to path: (Value, SourceRange), at range: SourceRange) throws -> Value {
    throw error("'report' is not available yet in this build of nnscript", at: range)
  }
}
