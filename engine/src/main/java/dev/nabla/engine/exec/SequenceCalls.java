package dev.nabla.engine.exec;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

/** The sequence functions as a running statement calls them: nextval, currval and setval of a sequence by name. */
public interface SequenceCalls {
    long nextval(String sequence);

    /** What nextval last returned for {@code sequence} in this session; 55000 when it has not been called. */
    long currval(String sequence);

    /** Sets the sequence's value: the next nextval returns {@code value + increment}, or {@code value} when not {@code called}. */
    long setval(String sequence, long value, boolean called);

    /** For contexts without a database (plan-time evaluation): every call is an error. */
    SequenceCalls NONE = new SequenceCalls() {
        @Override
        public long nextval(String sequence) {
            throw unavailable();
        }

        @Override
        public long currval(String sequence) {
            throw unavailable();
        }

        @Override
        public long setval(String sequence, long value, boolean called) {
            throw unavailable();
        }

        private NablaException unavailable() {
            return new NablaException(ErrorCode.UNSUPPORTED, "sequence functions need a database session");
        }
    };
}
