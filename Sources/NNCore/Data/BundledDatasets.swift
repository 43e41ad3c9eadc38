/// The datasets that ship inside nnscript (see data/README.md for their origin and licence).
public enum BundledDatasets {
  /// The names `load` accepts: `iris`, `digits`….
  public static let names = BundledFiles.files.map { String($0.name.dropLast(".csv".count)) }

  /// One line of attribution per dataset, to keep beside them wherever they are shown.
  public static let attribution = """
    iris, wine, breast_cancer, digits: UCI Machine Learning Repository, CC BY 4.0; \
    diabetes: Efron, Hastie, Johnstone and Tibshirani, "Least Angle Regression" (2004); \
    as distributed by scikit-learn
    """

  /// The bundled dataset `name`, not split and with no notes; `digits` comes with its 8×8×1
  /// sample shape. Throws a `DataError` naming the bundled datasets when there is none called `name`.
  public static func load(_ name: String) throws -> Dataset {
    guard let file = BundledFiles.files.first(where: { $0.name == name + ".csv" }) else {
      throw DataError(
        "unknown dataset '\(name)'", names: names, hint: "the bundled datasets are \(names.joined(separator: ", "))")
    }
    var dataset = try CSVReader.read(text: file.text, name: name)
    // The loader's notes speak of reading a CSV; a bundled dataset needs none of them.
    dataset.notes = []
    if name == "digits" { dataset.sampleShape = [8, 8, 1] }
    return dataset
  }
}
