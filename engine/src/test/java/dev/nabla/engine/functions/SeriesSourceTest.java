package dev.nabla.engine.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesSourceTest {
    private final TableFunctionRegistry registry = TableFunctionRegistry.withBuiltins();

    private List<Object> values(String fn, Object... args) {
        ScannableSource s = registry.resolve(fn, List.of(args), Map.of(), Span.NONE);
        List<Object> out = new ArrayList<>();
        Iterator<Batch> it = s.scan(List.of(0), false, null, List.of(), null);
        while (it.hasNext()) {
            Batch b = it.next();
            for (int i = 0; i < b.count; i++) out.add(b.columns[0].getObject(b.row(i)));
        }
        return out;
    }

    @Test
    void integerSeries() {
        assertThat(values("generate_series", 1L, 5L)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(values("GENERATE_SERIES", 5L, 1L, -2L)).containsExactly(5L, 3L, 1L);
        assertThat(values("range", 4L)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(values("range", 1L, 7L, 3L)).containsExactly(1L, 4L);
        assertThat(values("range", 1L, 6L, 5L)).containsExactly(1L);
        assertThat(values("generate_series", 3L, 1L)).isEmpty();
        assertThat(registry.resolve("range", List.of(10L), Map.of(), Span.NONE).columnTypes())
                .containsExactly(DataType.BIGINT);
    }

    @Test
    void doubleSeries() {
        assertThat(values("generate_series", 0.0, 1.0, 0.5)).containsExactly(0.0, 0.5, 1.0);
        assertThat(values("range", 0L, 1.0, 0.25)).containsExactly(0.0, 0.25, 0.5, 0.75);
        assertThat(values("generate_series", 0L, 1L, 0.1)).hasSize(11);
        assertThat(registry.resolve("range", List.of(1.5), Map.of(), Span.NONE).columnTypes())
                .containsExactly(DataType.DOUBLE);
    }

    @Test
    void streamsInBatchesWithoutMaterialising() {
        ScannableSource s = registry.resolve("range", List.of(10_000_000_000L), Map.of(), Span.NONE);
        assertThat(s.estimatedRows()).isEqualTo(10_000_000_000L);
        Iterator<Batch> it = s.scan(List.of(0), false, null, List.of(), null);
        Batch first = it.next();
        assertThat(first.count).isEqualTo(Batch.CAPACITY);
        Batch second = it.next();
        assertThat(second.columns[0].getLong(0)).isEqualTo(Batch.CAPACITY);
        // no columns requested (count(*)): batches still carry row counts
        Iterator<Batch> none = registry.resolve("range", List.of(5000L), Map.of(), Span.NONE)
                .scan(List.of(), false, null, List.of(), null);
        long n = 0;
        while (none.hasNext()) n += none.next().count;
        assertThat(n).isEqualTo(5000);
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> values("range", 1L, 2L, 0L))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("step");
        assertThatThrownBy(() -> values("generate_series", 1L)).isInstanceOf(NablaException.class);
        assertThatThrownBy(() -> values("range", "x")).isInstanceOf(NablaException.class);
        NablaException e = org.junit.jupiter.api.Assertions.assertThrows(
                NablaException.class, () -> registry.resolve("nope", List.of(), Map.of(), Span.NONE));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FUNCTION);
        assertThat(e.getMessage()).contains("generate_series").contains("range");
    }

    @Test
    void registrationIsPublic() {
        registry.register(
                "one", (args, named, span) -> (ScannableSource) registry.resolve("range", List.of(1L), Map.of(), span));
        assertThat(values("one")).containsExactly(0L);
        assertThat(registry.names()).contains("one", "range", "generate_series");
    }
}
