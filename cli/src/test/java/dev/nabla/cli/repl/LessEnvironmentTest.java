package dev.nabla.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LessEnvironmentTest {
    @Test
    void lessGetsRawColoursAndUtf8() {
        Map<String, String> env = new HashMap<>();
        Repl.lessEnvironment(env);
        assertThat(env).containsEntry("LESS", "FRX").containsEntry("LESSCHARSET", "utf-8");
        env = new HashMap<>(Map.of("LESS", "-S", "LESSCHARSET", "latin1"));
        Repl.lessEnvironment(env);
        assertThat(env).containsEntry("LESS", "-S -R").containsEntry("LESSCHARSET", "latin1");
        env = new HashMap<>(Map.of("LESS", "-SR"));
        Repl.lessEnvironment(env);
        assertThat(env).containsEntry("LESS", "-SR");
    }
}
