import NNCore

extension Dataset {
  /// The shape of one sample as networks see it: the sample shape when it holds the features,
  /// else flat features. A shape can stop holding them (a file's, or one that onehot widened),
  /// and is then not used.
  var inputShape: SampleShape {
    let features = features.columns
    guard let shape = sampleShape, !shape.isEmpty, shape.allSatisfy({ $0 >= 1 }),
      shape.reduce(1.0, { $0 * Double($1) }) == Double(features)
    else { return .flat(features) }
    return SampleShape(shape)
  }
}
