package dev.nabla.plan.logical;

/** SEMI/ANTI output only the left side's columns (used for decorrelated EXISTS / IN). */
public enum JoinType {
    INNER,
    LEFT,
    RIGHT,
    FULL,
    CROSS,
    SEMI,
    ANTI
}
