extension Dataset {
  /// The rows `rows` as a dataset of their own, with the same columns, shape, preparation and
  /// notes, and no split: `data.train`, `data.val` and `data.test` in a script.
  public func part(_ rows: [Int], named suffix: String) -> Dataset {
    let picked: Targets
    switch targets {
    case .classes(let labels, let names): picked = .classes(rows.map { labels[$0] }, names: names)
    case .values(let values): picked = .values(rows.map { values[$0] })
    }
    var part = Dataset(
      name: "\(name).\(suffix)", features: features.rows(rows), featureNames: featureNames, targetName: targetName,
      targets: picked, sampleShape: sampleShape)
    part.preparation = preparation
    part.notes = notes
    return part
  }
}
