/**
 * Columnar in-memory storage.
 *
 * <p>A {@link dev.nabla.storage.Table} is a list of {@link dev.nabla.storage.Segment}s (up to
 * 65,536 rows each, one primitive array per column plus null and deletion bitmaps) published as an
 * immutable {@link dev.nabla.storage.TableVersion}. Readers take a
 * {@link dev.nabla.storage.TableSnapshot} and scan zero-copy {@link dev.nabla.storage.Batch} views
 * ({@link dev.nabla.storage.TableScan}); they never block and never see uncommitted data.
 *
 * <p>All changes go through a {@link dev.nabla.storage.StorageTransaction}: one
 * {@link dev.nabla.storage.TableWriter} per touched table, savepoints for statement atomicity inside
 * BEGIN … COMMIT, and a commit that publishes every touched table at once. Writers append into the
 * spare capacity of shared arrays (past every published row count, where no reader looks) and copy
 * on write everything else, per segment and column, so a statement costs what it touches rather than
 * what the table holds. NOT NULL and PRIMARY KEY constraints are checked on write, the latter against
 * a hash index whose changes are undone with the statement or transaction.
 *
 * <p>{@link dev.nabla.storage.Table#fromColumns} registers existing Java arrays as a table without
 * copying {@code double[]}, {@code long[]} and {@code String[]}.
 */
package dev.nabla.storage;
