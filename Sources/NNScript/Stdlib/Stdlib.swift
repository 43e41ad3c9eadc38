/// The scripts every engine runs before its own: the prelude's functions, written in nnscript.
enum Stdlib {
  /// The files of Stdlib/, by name, in the order they run.
  static let files: [(name: String, text: String)] = [
    ("prelude.nns", String(decoding: EmbeddedFiles.prelude_nns, as: UTF8.self))
  ]
}
