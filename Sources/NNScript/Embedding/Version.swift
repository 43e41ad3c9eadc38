/// nnscript's version, as `nnscript --version` prints it.
public enum NNScriptVersion {
  /// The version `nnscript --version` prints.
  public static let string = "0.1.0"
}
