package dev.nabla.storage;

/** How a column's values are laid out in memory. */
public enum PhysicalType {
    LONG,
    DOUBLE,
    STRING
}
