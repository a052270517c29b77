/**
 * The executor's inner loops and primitive hash tables; no SQL knowledge.
 *
 * <p>{@link dev.nabla.vector.VectorKernels} is the one interface the engine calls for element-wise
 * arithmetic and math, comparisons producing 0/1 vectors or selection vectors, and reductions. It has
 * two implementations with the same semantics: a scalar reference and a SIMD twin over
 * {@code jdk.incubator.vector}; {@link dev.nabla.vector.VectorizationProvider#get()} picks one per JVM
 * ({@code -Dnabla.simd=scalar} forces the reference). The element-wise families of both are generated
 * by {@code exec-vector/codegen/gen_kernels.py} so that every operator is a compile-time constant at
 * its call site. No Vector API type appears in a public signature.
 *
 * <p>{@link dev.nabla.vector.Bitmaps} combines null bitmaps; {@link dev.nabla.vector.LongHashTable},
 * {@link dev.nabla.vector.GroupKeyTable}, {@link dev.nabla.vector.RowChains} and
 * {@link dev.nabla.vector.LongIntMultiMap} give dense group ids and join chains without boxing.
 */
package dev.nabla.vector;
