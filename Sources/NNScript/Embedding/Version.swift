/// nnscript's version, as `nnscript --version` prints it.
public enum NNScriptVersion {
  public static let string = "0.1.0"
}
