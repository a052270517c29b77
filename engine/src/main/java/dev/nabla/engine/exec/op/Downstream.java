package dev.nabla.engine.exec.op;

import dev.nabla.storage.Batch;

/** Receives an operator's output batches; returns false to ask the producer to stop early. */
@FunctionalInterface
public interface Downstream {
    boolean accept(Batch b);
}
