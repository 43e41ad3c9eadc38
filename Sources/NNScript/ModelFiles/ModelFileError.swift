/// Why a model file or checkpoint cannot be read or written, as one phrase; the caller says
/// which file and points at the script.
struct ModelFileError: Error {
  let reason: String

  init(_ reason: String) { self.reason = reason }
}
