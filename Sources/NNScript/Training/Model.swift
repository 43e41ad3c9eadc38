import NNCore

/// The session's trained network: the script's description of it, the core network with
/// its weights, what training needs to continue where it stopped, and what its data looks
/// like, which `predict` and `save` need.
final class Model {
  let description: NetworkValue
  let network: Network
  /// The shape of one sample of the data the network was compiled for, channels last (flat
  /// features for data without a shape), and the data's class names.
  let inputShape: SampleShape
  let classNames: [String]?
  /// The names of the features and of the target of the data it last trained on (or was
  /// loaded with), for `save`.
  private(set) var featureNames: [String]
  private(set) var targetName: String
  /// The fitted preparation of the training data, which `predict` and `eval` put new samples
  /// through, and its id columns, which predictions on a file are written beside.
  private(set) var preparation: Preparation
  private(set) var ids: [String]
  /// The last trainer, whose optimiser state a next `train` continues from.
  var trainer: Trainer?
  /// The recipes that trained these weights, oldest first: the first from fresh weights,
  /// each later one going on from the one before. `fix` retrains all of them to reproduce
  /// the run the user saw. Empty for weights loaded from a file or reset.
  var lineage: [Recipe] = []

  /// The model of `network` trained on `dataset`, whose preparation and ids it takes unless
  /// given (a model file's).
  init(
    description: NetworkValue, network: Network, dataset: Dataset, preparation: Preparation? = nil,
    ids: [String]? = nil
  ) {
    self.description = description
    self.network = network
    inputShape = dataset.inputShape
    classNames = dataset.targets.classNames
    featureNames = dataset.featureNames
    targetName = dataset.targetName
    self.preparation = preparation ?? dataset.preparation
    self.ids = ids ?? dataset.ids.map(\.name)
  }

  /// Features per sample.
  var inputWidth: Int { inputShape.count }

  /// Whether this model can go on training `network` on `dataset`: the same network, on
  /// samples of the same shape (not only the same width: 8×8×1 images are not 4×16
  /// sequences) and the same classes.
  func fits(_ network: NetworkValue, _ dataset: Dataset) -> Bool {
    description.description == network.description && inputShape == dataset.inputShape
      && classNames == dataset.targets.classNames
  }

  /// Takes the names and preparation of `dataset`, which it fits, as those of its data.
  func trains(on dataset: Dataset) {
    featureNames = dataset.featureNames
    targetName = dataset.targetName
    preparation = dataset.preparation
    ids = dataset.ids.map(\.name)
  }
}
