extension Finding.Code {
  /// What the code means, in one phrase: `:help lr-too-high` shows it.
  public var summary: String {
    switch self {
    case .outputMismatch: "the output layer or the loss does not fit the target (a softmax for a regression value, say)"
    case .labelRange:
      "some targets cannot be produced: more classes than output units, or values beyond the output activation's range"
    case .shapeMismatch:
      "a layer cannot take the shape it gets: a convolution over flat features, a dense layer over an image, a kernel larger than the samples"
    case .linearStack: "two dense layers with no activation between them: together they compute one linear map"
    case .unscaledInput: "the features are far from zero mean and unit scale"
    case .unscaledTarget: "the regression target is far from unit scale"
    case .classImbalance: "one class far outnumbers another"
    case .unshuffled: "the training rows are sorted by label and not shuffled"
    case .tooLittleData: "far more parameters than training samples: the network can memorise them"
    case .initialLoss:
      "the loss at initialisation is far above ln(C), the loss of uniform guesses over C classes: an output layer or initialisation that is wrong before the first step"
    case .nanLoss: "the loss became NaN or infinite, so training stopped"
    case .lrTooHigh: "the learning rate is too high: each step overshoots"
    case .explodingGradients:
      "the gradients explode, through the layers or through a recurrent layer's steps, so updates are erratic: clip: bounds them"
    case .dyingReLU: "most relu units output zero for every sample, so they no longer learn"
    case .vanishingGradients:
      "the early layers, or a recurrent layer's early steps, get almost no gradient, so they do not learn: gru or lstm carry it through time"
    case .saturatedUnits: "most sigmoid or tanh units sit in their flat tails, where the gradient is nearly 0"
    case .lrTooLow: "the learning rate is too low: the weights barely move"
    case .noSignal:
      "the validation accuracy stays at chance while training improves: the labels look unrelated to the inputs"
    case .overfitting: "the validation loss rises while the training loss falls: the net memorises the training data"
    case .underfitting: "both losses stay high and flat: the network has too little capacity"
    case .oscillation: "the training curve goes up and down instead of settling"
    case .plateau: "the loss made no progress for a long stretch before it moved again"
    case .undertrained: "the loss was still falling steadily when the run ended: more epochs would help"
    case .converged: "the loss settled: news, not a problem"
    }
  }
}
