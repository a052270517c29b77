/**
 * SQL text to syntax tree: {@link dev.nabla.parser.Lexer} (strict and lenient tokenizing),
 * {@link dev.nabla.parser.Parser} (entry points and statements; queries, expressions and DDL in
 * their own package-private classes over one token cursor) and
 * {@link dev.nabla.parser.StatementSplitter} (script splitting for the REPL). Every failure is a
 * {@link dev.nabla.common.NablaException} pointing at the offending token.
 */
package dev.nabla.parser;
