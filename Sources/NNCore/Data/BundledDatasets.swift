/// The datasets that ship inside nnscript (see Bundled/README.md for their origin and licence).
public enum BundledDatasets {
  /// The CSV files of Bundled/, by dataset name, in alphabetical order.
  private static let files: [(name: String, csv: [UInt8])] = [
    ("breast_cancer", EmbeddedFiles.breast_cancer_csv), ("diabetes", EmbeddedFiles.diabetes_csv),
    ("digits", EmbeddedFiles.digits_csv), ("iris", EmbeddedFiles.iris_csv),
    ("sunspots", EmbeddedFiles.sunspots_csv), ("wine", EmbeddedFiles.wine_csv),
  ]

  /// The names `load` accepts: `iris`, `digits`….
  public static let names = files.map(\.name)

  /// One line of attribution per dataset, to keep beside them wherever they are shown.
  public static let attribution = """
    iris, wine, breast_cancer, digits: UCI Machine Learning Repository, CC BY 4.0; \
    diabetes: Efron, Hastie, Johnstone and Tibshirani, "Least Angle Regression" (2004); \
    as distributed by scikit-learn; sunspots: NOAA National Geophysical Data Center, public domain, \
    as distributed by statsmodels
    """

  /// The bundled dataset `name`, not split and with no notes; `digits` comes with its 8×8×1
  /// sample shape. `sunspots` is a series: its target is the activity of each year, in time
  /// order, for `Windows` to cut into forecasting samples. Throws a `DataError` naming the bundled datasets when there is none called `name`.
  public static func load(_ name: String) throws -> Dataset {
    guard let file = files.first(where: { $0.name == name }) else {
      throw DataError(
        "unknown dataset '\(name)'", names: names, hint: "the bundled datasets are \(names.joined(separator: ", "))")
    }
    var dataset = try CSVReader.read(bytes: file.csv, name: name)
    // The loader's notes speak of reading a CSV; a bundled dataset needs none of them.
    dataset.notes = []
    if name == "digits" { dataset.sampleShape = [8, 8, 1] }
    return dataset
  }
}
