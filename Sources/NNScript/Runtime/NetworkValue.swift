/// A network as the script described it: each layer's word and its evaluated arguments,
/// with the source range of each layer so later stages (compilation, the doctor) can point
/// back at the user's text.
///
///     if let network = engine.currentNetwork {
///       print(network)   // net < dense 64 relu; dense 3 softmax >
///       print(network.layers.map { $0.argument("units")?.description ?? "-" })   // ["64", "3"]
///     }
public struct NetworkValue: CustomStringConvertible {
  /// One layer as written: its name, its arguments and where it is.
  public struct Layer {
    /// The layer's name (`dense`).
    public let name: String
    /// Arguments by slot name (`units`, `activation`, `init`…), in the order written.
    public let arguments: [(slot: String, value: Value)]
    /// Where the layer is written.
    public let range: SourceRange

    /// The argument for `slot` (`units`, `activation`…), if given.
    public func argument(_ slot: String) -> Value? { arguments.first { $0.slot == slot }?.value }

    /// The layer as nnscript source: positional slots bare, options as `name: value`.
    public var description: String {
      let spec = LayerCatalog.spec(name)
      let parts = arguments.map { argument -> String in
        let positional = spec?.positional.contains { $0.name == argument.slot } ?? false
        let value = argument.value.description
        return positional ? value : "\(argument.slot): \(value)"
      }
      return ([name] + parts).joined(separator: " ")
    }
  }

  /// The layers, input side first.
  public let layers: [Layer]
  /// Where the `net < … >` literal is written.
  public let range: SourceRange

  /// The network as an nnscript literal: `net < dense 64 relu; dense 3 softmax >`.
  public var description: String {
    "net < " + layers.map(\.description).joined(separator: "; ") + " >"
  }
}
