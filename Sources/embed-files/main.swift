import Foundation

// embed-files OUTPUT FILE...: writes OUTPUT, a Swift file with an `EmbeddedFiles` enum that
// holds each FILE's bytes under its name (`iris.csv` as `iris_csv`). The EmbedFiles plugin
// runs it at build time.
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
  FileHandle.standardError.write(Data("usage: embed-files OUTPUT FILE...\n".utf8))
  exit(2)
}
var text = """
  // Generated at build time by the EmbedFiles plugin. Do not edit.
  import Foundation

  /// The target's data files, compiled in.
  enum EmbeddedFiles {

  """
for path in arguments.dropFirst() {
  let url = URL(fileURLWithPath: path)
  guard let bytes = FileManager.default.contents(atPath: path) else {
    FileHandle.standardError.write(Data("embed-files: cannot read \(path)\n".utf8))
    exit(1)
  }
  let name = url.lastPathComponent.map { $0.isLetter || $0.isNumber ? $0 : "_" }
  text += "  /// \(url.lastPathComponent), \(bytes.count) bytes.\n"
  text += "  static let \(String(name)) = bytes(\"\(bytes.base64EncodedString())\")\n"
}
text += """

    /// Base64 is decoded once, when a file is first read.
    private static func bytes(_ base64: String) -> [UInt8] { Data(base64Encoded: base64).map { [UInt8]($0) } ?? [] }
  }

  """
do {
  try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
  FileHandle.standardError.write(Data("embed-files: cannot write \(output): \(error)\n".utf8))
  exit(1)
}
