/// A session's state (its variables, the current network, the random generator, the trained
/// model) changes with every statement, unguarded: an engine stays in the one isolation domain
/// that made it, and only its `Interrupter` is sent elsewhere.
@available(*, unavailable, message: "an engine stays where it was made; send its interrupter instead")
extension Engine: Sendable {}

/// A script's function keeps the scope it was made in, which the session goes on changing, so a
/// value may share state with the engine it came from and stays in that engine's domain too.
/// What a host sends elsewhere is read out of it first: a number, a string, a description.
@available(*, unavailable, message: "a value may hold a function that shares the session's scope")
extension Value: Sendable {}
