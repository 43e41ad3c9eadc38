import NNCore

/// `save PATH` and `resume DIR`.
extension Interpreter {
  func saveModel(to path: (Value, SourceRange), at range: SourceRange) throws -> Value {
    throw error("'save' is not available yet in this build of nnscript", at: range)
  }

  func resume(from folder: (Value, SourceRange), at range: SourceRange) throws -> Value {
    throw error("'resume' is not available yet in this build of nnscript", at: range)
  }
}
