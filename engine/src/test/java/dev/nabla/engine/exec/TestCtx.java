package dev.nabla.engine.exec;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.HashMap;
import java.util.Map;

final class TestCtx implements ExecContext {
    Object[] params = new Object[0];
    final Map<String, Object> settings = new HashMap<>();
    volatile boolean cancelled;

    @Override
    public Object[] parameters() {
        return params;
    }

    @Override
    public void checkCancelled() {
        if (cancelled) throw new NablaException(ErrorCode.CANCELLED, "cancelled");
    }

    @Override
    public Object setting(String name) {
        return settings.get(name);
    }
}
