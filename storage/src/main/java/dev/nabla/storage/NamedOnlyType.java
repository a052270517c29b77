package dev.nabla.storage;

/**
 * The types the engine can parse, print and compare but not yet store or execute. Each one's
 * {@link #physical()} throws {@link DataType#unsupported} (SQLSTATE 0A000), and the binder rejects
 * them where a type is declared, so they never reach storage or execution.
 */
public sealed interface NamedOnlyType extends DataType permits TemporalType {}
