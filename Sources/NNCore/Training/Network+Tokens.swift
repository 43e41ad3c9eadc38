extension Network {
  /// Throws unless every value of `features` is a token of the network's embedding, a whole
  /// number in [0, vocabulary), when its first layer is one: checked once over the data before
  /// a pass, as the kernel reads each value as a row of its table.
  func checkTokens(_ features: Matrix, role: String) throws {
    guard case .embedding(let vocabulary, _) = layers.first else { return }
    let limit = Float(vocabulary)
    guard let index = features.values.firstIndex(where: { !($0 >= 0 && $0 < limit && $0 == $0.rounded()) }) else {
      return
    }
    let (row, column) = index.quotientAndRemainder(dividingBy: features.columns)
    let value = features.values[index]
    // A token out of range is a whole number, and reads best as one.
    let shown = value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : "\(value)"
    throw TrainingError(
      message:
        "the \(role) features hold \(shown) (row \(row + 1), column \(column + 1)), but layer 1 (\(layers[0])) "
        + "takes tokens: whole numbers from 0 to \(vocabulary - 1), for its vocabulary of \(vocabulary)")
  }
}
