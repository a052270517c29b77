/**
 * The JDBC driver ({@code jdbc:nabla:}). Types here are non-null unless annotated {@code @Nullable}; NullAway checks it
 * at compile time (see CONTRIBUTING.md).
 */
@NullMarked
package dev.nabla.jdbc;

import org.jspecify.annotations.NullMarked;
