/**
 * The syntax tree: sealed interfaces of records ({@link dev.nabla.parser.ast.Statement},
 * {@link dev.nabla.parser.ast.QueryBody}, {@link dev.nabla.parser.ast.TableRef},
 * {@link dev.nabla.parser.ast.SelectItem}, {@link dev.nabla.parser.ast.Expression}), every node
 * carrying its source {@link dev.nabla.common.Span} and writing itself back with {@code toSql()}.
 * Spans always compare equal, so trees compare by meaning and {@code parse(t.toSql()).equals(t)}.
 */
package dev.nabla.parser.ast;
